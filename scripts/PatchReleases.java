import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The patch-release check of `./dhakacart test` (scripts/lib.sh patch_releases_check; docs/security.md
 * "Dependencies"): every version the reactor's POMs name (the Spring Boot parent, each explicit dependency,
 * BOM and plugin version, and each property that overrides one of Boot's managed versions) must be the
 * newest patch release of its major.minor that the Maven metadata in the local repository lists, unless
 * an exception file names that newer version with the reason it is skipped.
 *
 * Reads only files: the POMs, ~/.m2's maven-metadata-*.xml (what Maven downloaded), Boot's own
 * spring-boot-dependencies POM (to see which artifact a Boot version property stands for). Exit 0: all
 * current; 1: a newer patch exists (printed with the line to change); 2: the check could not run (a POM
 * or an artifact's metadata it cannot read), which is never a pass.
 *
 * Usage: java scripts/PatchReleases.java ROOT_POM_DIR LOCAL_REPOSITORY EXCEPTIONS_FILE [REFRESH_POM]
 * With REFRESH_POM, when an artifact's metadata is missing or more than a day old, it writes there a throwaway
 * POM that manages exactly those artifacts and exits 3: one run of versions-maven-plugin on it makes Maven
 * fetch their metadata (and nothing else), then the check is run again without REFRESH_POM.
 */
public class PatchReleases {

    record Declared(String group, String artifact, String version, String where) {
        String key() {
            return group + ":" + artifact;
        }
    }

    /** major.minor.patch, an optional numeric build (zstd-jni's 1.5.7-28) and an optional release word. */
    private static final Pattern RELEASE = Pattern.compile(
            "(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[-.](\\d+))?(?:[.-](RELEASE|Final|jre|GA))?");

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: java PatchReleases.java ROOT_POM_DIR LOCAL_REPOSITORY EXCEPTIONS_FILE [REFRESH_POM]");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        Path repository = Path.of(args[1]);
        Map<String, String> exceptions = exceptions(Path.of(args[2]));

        List<Declared> declared;
        try {
            declared = declared(root, repository);
        } catch (Exception e) {
            cannotRun("cannot read the project's POMs: " + e.getMessage());
            return;
        }
        if (args.length == 4) {
            List<Declared> stale = declared.stream().filter(d -> stale(repository, d)).toList();
            if (!stale.isEmpty()) {
                writeRefreshPom(stale, Path.of(args[3]));
                System.exit(3);
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> behind = new ArrayList<>();
        Set<String> usedExceptions = new TreeSet<>();
        for (Declared d : declared) {
            Set<String> versions;
            try {
                versions = listedVersions(repository, d.group(), d.artifact());
            } catch (Exception e) {
                missing.add(d.key() + " (" + e.getMessage() + ")");
                continue;
            }
            if (versions.isEmpty()) {
                missing.add(d.key() + " (no maven-metadata-*.xml under " + repository.resolve(d.group().replace('.', '/'))
                        .resolve(d.artifact()) + ")");
                continue;
            }
            String newest = d.version();
            for (String candidate : versions) {
                String exception = d.key() + ":" + candidate;
                if (newerPatch(candidate, newest)) {
                    if (exceptions.containsKey(exception)) {
                        usedExceptions.add(exception);
                    } else {
                        newest = candidate;
                    }
                }
            }
            if (!newest.equals(d.version())) {
                behind.add(String.format("  %-58s %s -> %s   (%s)", d.key(), d.version(), newest, d.where()));
            }
        }
        System.out.println("patch releases: " + declared.size() + " declared versions checked against the local Maven metadata");
        for (String used : usedExceptions) {
            System.out.println("  skipped by exception: " + used + "  # " + exceptions.get(used));
        }
        if (!missing.isEmpty()) {
            cannotRun("no readable Maven metadata for:\n  " + String.join("\n  ", missing)
                    + "\nRun the check online once (it asks Maven to fetch the metadata), or check ~/.m2.");
        }
        if (!behind.isEmpty()) {
            System.out.println("patch releases: FAILED, a newer patch release of the same major.minor exists:");
            behind.forEach(System.out::println);
            System.out.println("Bump that version (one line, where it says), or, if that release cannot be used here,"
                    + " list group:artifact:version with the reason in " + args[2] + ".");
            System.exit(1);
        }
        System.out.println("patch releases: every declared version is the newest patch release of its line");
    }

    /** Metadata missing, or older than Maven's daily update policy would keep it. */
    private static boolean stale(Path repository, Declared d) {
        Path dir = repository.resolve(d.group().replace('.', '/')).resolve(d.artifact());
        try (Stream<Path> list = Files.list(dir)) {
            long dayAgo = System.currentTimeMillis() - 24L * 3600 * 1000;
            return list.filter(p -> p.getFileName().toString().matches("maven-metadata-.+\\.xml"))
                    .noneMatch(p -> p.toFile().lastModified() > dayAgo);
        } catch (IOException e) {
            return true;
        }
    }

    private static void writeRefreshPom(List<Declared> artifacts, Path out) throws IOException {
        StringBuilder pom = new StringBuilder("""
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.dhakacart.check</groupId>
                  <artifactId>patch-release-metadata</artifactId>
                  <version>0</version>
                  <packaging>pom</packaging>
                  <dependencyManagement>
                    <dependencies>
                """);
        for (Declared d : artifacts) {
            pom.append("      <dependency><groupId>").append(d.group()).append("</groupId><artifactId>")
                    .append(d.artifact()).append("</artifactId><version>").append(d.version())
                    .append("</version></dependency>\n");
        }
        pom.append("    </dependencies>\n  </dependencyManagement>\n</project>\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, pom);
    }

    private static void cannotRun(String why) {
        System.out.println("patch releases: CANNOT RUN, which is not a pass: " + why);
        System.exit(2);
    }

    /** Lines {@code group:artifact:version  # reason}; a version listed here is not offered as newer. */
    static Map<String, String> exceptions(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String entry = line.contains("#") ? line.substring(0, line.indexOf('#')).strip() : line.strip();
            if (entry.isEmpty()) {
                continue;
            }
            String reason = line.contains("#") ? line.substring(line.indexOf('#') + 1).strip() : "";
            if (entry.split(":").length != 3 || reason.isEmpty()) {
                System.out.println("patch releases: CANNOT RUN: '" + line + "' in " + file
                        + " is not 'group:artifact:version  # reason'");
                System.exit(2);
            }
            out.put(entry, reason);
        }
        return out;
    }

    /** True when {@code candidate} is a release of the same major.minor as {@code current}, and newer. */
    static boolean newerPatch(String candidate, String current) {
        Matcher c = RELEASE.matcher(candidate);
        Matcher d = RELEASE.matcher(current);
        if (!c.matches() || !d.matches()) {
            return false; // milestones, release candidates, snapshots: never a patch release
        }
        if (!c.group(1).equals(d.group(1)) || !c.group(2).equals(d.group(2))) {
            return false;
        }
        long cPatch = number(c.group(3)), dPatch = number(d.group(3));
        if (cPatch != dPatch) {
            return cPatch > dPatch;
        }
        return number(c.group(4)) > number(d.group(4));
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    /** Every version any remote's cached metadata lists (maven-metadata-central.xml and the like). */
    static Set<String> listedVersions(Path repository, String group, String artifact) throws Exception {
        Path dir = repository.resolve(group.replace('.', '/')).resolve(artifact);
        Set<String> versions = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return versions;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("maven-metadata-.+\\.xml")).toList();
        }
        for (Path file : files) {
            Document doc = parse(file);
            var nodes = doc.getElementsByTagName("version");
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i).getParentNode().getNodeName().equals("versions")) {
                    versions.add(nodes.item(i).getTextContent().strip());
                }
            }
        }
        return versions;
    }

    /** The versions the reactor's own POMs name. */
    static List<Declared> declared(Path root, Path repository) throws Exception {
        Document rootPom = parse(root.resolve("pom.xml"));
        Map<String, String> properties = properties(rootPom.getDocumentElement());
        Map<String, Declared> out = new LinkedHashMap<>();
        Set<String> usedProperties = new LinkedHashSet<>();

        Element parent = child(rootPom.getDocumentElement(), "parent");
        String bootVersion = null;
        if (parent != null) {
            Declared p = new Declared(text(parent, "groupId"), text(parent, "artifactId"), text(parent, "version"),
                    "pom.xml <parent>");
            out.put(p.key(), p);
            if (p.artifact().equals("spring-boot-starter-parent")) {
                bootVersion = p.version();
            }
        }
        List<Path> poms = new ArrayList<>(List.of(root.resolve("pom.xml")));
        Element modules = child(rootPom.getDocumentElement(), "modules");
        if (modules != null) {
            for (Element m : children(modules, "module")) {
                poms.add(root.resolve(m.getTextContent().strip()).resolve("pom.xml"));
            }
        }
        for (Path pom : poms) {
            Document doc = parse(pom);
            Map<String, String> props = new HashMap<>(properties);
            props.putAll(properties(doc.getDocumentElement()));
            String where = root.relativize(pom).toString();
            collect(doc.getDocumentElement(), props, where, out, usedProperties);
        }
        // Properties that override one of Boot's managed versions (caffeine.version, selenium.version, ...)
        // name no artifact in our POMs; Boot's own dependencies POM says which artifact they stand for.
        if (bootVersion != null) {
            Path bom = repository.resolve("org/springframework/boot/spring-boot-dependencies").resolve(bootVersion)
                    .resolve("spring-boot-dependencies-" + bootVersion + ".pom");
            Element bomManagement = child(child(parse(bom).getDocumentElement(), "dependencyManagement"), "dependencies");
            for (var property : properties.entrySet()) {
                String name = property.getKey();
                if (!name.endsWith(".version") || usedProperties.contains(name)) {
                    continue;
                }
                for (Element dep : children(bomManagement, "dependency")) {
                    if (("${" + name + "}").equals(text(dep, "version"))) {
                        Declared d = new Declared(text(dep, "groupId"), text(dep, "artifactId"), property.getValue(),
                                "pom.xml property " + name + ", overrides Boot's");
                        out.putIfAbsent(d.key(), d);
                        break;
                    }
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private static void collect(Element project, Map<String, String> props, String where,
                                Map<String, Declared> out, Set<String> usedProperties) {
        for (String path : List.of("dependencies", "dependencyManagement/dependencies", "build/plugins",
                "build/pluginManagement/plugins", "profiles/profile/dependencies")) {
            for (Element container : descend(project, path.split("/"))) {
                for (Element e : children(container, null)) {
                    String version = text(e, "version");
                    String group = text(e, "groupId");
                    if (version == null || "com.dhakacart".equals(group)) {
                        continue;
                    }
                    if (group == null) {
                        group = "org.apache.maven.plugins";
                    }
                    String resolved = version;
                    Matcher ref = Pattern.compile("\\$\\{([^}]+)}").matcher(version);
                    String origin = where + " <" + e.getNodeName() + "> version";
                    if (ref.matches()) {
                        usedProperties.add(ref.group(1));
                        resolved = props.get(ref.group(1));
                        origin = "pom.xml property " + ref.group(1);
                        if (resolved == null) {
                            throw new IllegalStateException(where + ": no property " + ref.group(1));
                        }
                    }
                    Declared d = new Declared(group, text(e, "artifactId"), resolved, origin);
                    out.putIfAbsent(d.key(), d);
                }
            }
        }
    }

    private static List<Element> descend(Element from, String[] path) {
        List<Element> level = List.of(from);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            for (Element e : level) {
                next.addAll(children(e, name));
            }
            level = next;
        }
        return level;
    }

    private static Map<String, String> properties(Element project) {
        Map<String, String> out = new LinkedHashMap<>();
        Element props = child(project, "properties");
        if (props != null) {
            for (Element p : children(props, null)) {
                out.put(p.getNodeName(), p.getTextContent().strip());
            }
        }
        return out;
    }

    private static Document parse(Path file) throws Exception {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read " + file);
        }
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getNodeName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
