// Validates Kubernetes objects against the schemas of the npm kubernetes-models packages pinned in
// package.json (installed by `npm ci` from deploy/tests/run.sh), strictly: an unknown field is an error,
// as with `kubectl apply --validate=strict`.
//
// stdin:  a JSON array of objects (checks.py parses the rendered YAML)
// stdout: a JSON array, one entry per object: {source, problems} or {missing: true} when no installed
//         package (and no schema of ours) knows its apiVersion and kind.
//
// Why the strict check is done here: the packages ship ajv-compiled validators that accept unknown
// properties (the generator leaves additionalProperties open), and no JSON schema to close. So every
// object is validated through a Proxy that records which properties the validator looked up. A property
// the data has but the validator never asked for is one the schema does not declare. Objects whose keys
// the validator enumerated (maps such as labels) or never touched at all (free-form, e.g.
// x-kubernetes-preserve-unknown-fields) are left alone, as `kubectl --validate=strict` leaves them.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const MODULES = join(HERE, "node_modules");
const OURS = join(HERE, "..", "..", "k8s", "schemas");
const lock = JSON.parse(readFileSync(join(HERE, "package-lock.json"), "utf8"));
// Searched in this order for <group>/<version>/<Kind>.js (core kinds: v1/<Kind>.js).
const PACKAGES = [
  "kubernetes-models",
  "@kubernetes-models/cloudnative-pg",
  "@kubernetes-models/cert-manager",
  "@kubernetes-models/external-secrets",
  "@kubernetes-models/prometheus-operator",
  "@kubernetes-models/gateway-api",
];
// Kinds no npm package models, with the schema we wrote from the project's documentation.
const OUR_SCHEMAS = { "barmancloud.cnpg.io/v1 ObjectStore": "barmancloud.cnpg.io-v1-ObjectStore.schema.json" };

function installed(pkg) {
  const version = lock.packages?.[`node_modules/${pkg}`]?.version;
  if (!existsSync(join(MODULES, pkg, "package.json"))) {
    throw new Error(`${pkg} is not installed under ${MODULES}: run 'npm ci' there (deploy/tests/run.sh does)`);
  }
  const actual = JSON.parse(readFileSync(join(MODULES, pkg, "package.json"), "utf8")).version;
  if (actual !== version) throw new Error(`${pkg} ${actual} is installed, package-lock.json pins ${version}: run 'npm ci'`);
  return `${pkg}@${actual}`;
}

// A package's compiled validator by schema module name (the file under _schemas/).
async function schemaModule(pkg, name) {
  const file = join(MODULES, pkg, "_schemas", `${name}.js`);
  if (!existsSync(file)) throw new Error(`${pkg} has no schema ${name}`);
  return (await import(pathToFileURL(file))).validate;
}

// The validator the package's model class for this kind uses, read from the model's own import.
async function modelValidator(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  for (const pkg of PACKAGES) {
    const file = join(MODULES, pkg, ...(group ? [group] : []), version, `${kind}.js`);
    if (!existsSync(file)) continue;
    const m = readFileSync(file, "utf8").match(/_schemas\/(\w+)\.js"/);
    if (!m) throw new Error(`${file}: cannot find the schema its model validates with`);
    return { validate: await schemaModule(pkg, m[1]), source: installed(pkg) };
  }
  return null;
}

// Records, per JSON pointer, which keys a validator asked for and whether it enumerated them.
function tracked(value, pointer, seen) {
  if (value === null || typeof value !== "object") return value;
  const entry = seen.get(pointer) ?? { asked: new Set(), enumerated: false };
  seen.set(pointer, entry);
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key !== "string" || (Array.isArray(target) && key === "length")) return Reflect.get(target, key, receiver);
      entry.asked.add(key);
      return tracked(target[key], `${pointer}/${key}`, seen);
    },
    has(target, key) { if (typeof key === "string") entry.asked.add(key); return Reflect.has(target, key); },
    ownKeys(target) { entry.enumerated = true; return Reflect.ownKeys(target); },
  });
}

function unknownFields(value, pointer, seen, out) {
  if (value === null || typeof value !== "object") return;
  const entry = seen.get(pointer);
  if (!entry) return; // never reached: under a field the validator treats as free-form
  if (Array.isArray(value)) {
    value.forEach((item, i) => unknownFields(item, `${pointer}/${i}`, seen, out));
    return;
  }
  for (const key of Object.keys(value)) {
    if (!entry.enumerated && entry.asked.size > 0 && !entry.asked.has(key)) {
      out.push({ instancePath: pointer, keyword: "unknownField", params: { field: key } });
    } else {
      unknownFields(value[key], `${pointer}/${key}`, seen, out);
    }
  }
}

// Messages in python-jsonschema's words, which the rest of deploy/tests already speaks.
const py = (v) => (typeof v === "string" ? `'${v}'` : JSON.stringify(v));
function at(data, pointer) {
  return pointer.split("/").slice(1).reduce((v, k) => (v == null ? v : v[k.replace(/~1/g, "/").replace(/~0/g, "~")]), data);
}
function describe(error, data) {
  const where = error.instancePath.split("/").slice(1).join(".") || "(top)";
  const value = at(data, error.instancePath);
  switch (error.keyword) {
    case "unknownField": return `${where}: '${error.params.field}' was unexpected (unknown field)`;
    case "additionalProperties": return `${where}: '${error.params.additionalProperty}' was unexpected (unknown field)`;
    case "type": return `${where}: ${py(value)} is not of type '${error.params.type}'`;
    case "required": return `${where}: '${error.params.missingProperty}' is a required property`;
    case "enum": return `${where}: ${py(value)} is not one of ${JSON.stringify(error.params.allowedValues)}`;
    default: return `${where}: ${error.message ?? error.keyword} ${JSON.stringify(error.params ?? {})}`;
  }
}

function run(validate, object) {
  const seen = new Map();
  const errors = [];
  validate(tracked(object, "", seen));
  errors.push(...(validate.errors ?? []));
  unknownFields(object, "", seen, errors);
  const problems = [...new Set(errors.map((e) => describe(e, object)))];
  return problems.sort();
}

// Our own schema (JSON Schema draft-07, compiled with ajv) may hand a subtree to a package's validator:
// "x-npm-schema": "<package>#<schema module>", so that, e.g., an ObjectStore's configuration is checked
// against CloudNativePG's BarmanObjectStoreConfiguration, which the plugin's documentation says it is.
async function ourValidator(file) {
  const { default: Ajv } = await import(pathToFileURL(join(MODULES, "ajv", "dist", "ajv.js")));
  const schema = JSON.parse(readFileSync(join(OURS, file), "utf8"));
  const delegates = new Map();
  const sources = new Set([installed("ajv")]);
  const names = new Set();
  (function collect(s) {
    if (s && typeof s === "object") {
      if (typeof s["x-npm-schema"] === "string") names.add(s["x-npm-schema"]);
      Object.values(s).forEach(collect);
    }
  })(schema);
  for (const name of names) {
    const [pkg, module] = name.split("#");
    delegates.set(name, await schemaModule(pkg, module));
    sources.add(installed(pkg));
  }
  const ajv = new Ajv({ allErrors: true, strict: true });
  const found = [];
  ajv.addKeyword({
    keyword: "x-npm-schema",
    schemaType: "string",
    validate(name, data, _parent, cxt) {
      const delegate = delegates.get(name);
      if (!delegate(data, { instancePath: cxt.instancePath, rootData: cxt.rootData })) found.push(...delegate.errors);
      return true;
    },
  });
  const compiled = ajv.compile(schema);
  const validate = (data, options) => {
    found.length = 0;
    compiled(data);
    validate.errors = [...(compiled.errors ?? []), ...found];
    return validate.errors.length === 0;
  };
  return { validate, source: `${file} (ours) with ${[...sources].sort().join(", ")}` };
}

const objects = JSON.parse(readFileSync(0, "utf8"));
const cache = new Map();
const results = [];
for (const object of objects) {
  const key = `${object?.apiVersion} ${object?.kind}`;
  if (!cache.has(key)) {
    let found = null;
    if (OUR_SCHEMAS[key]) found = await ourValidator(OUR_SCHEMAS[key]);
    else if (typeof object?.apiVersion === "string" && typeof object?.kind === "string") {
      found = await modelValidator(object.apiVersion, object.kind);
    }
    cache.set(key, found);
  }
  const found = cache.get(key);
  results.push(found ? { source: found.source, problems: run(found.validate, object) } : { missing: true });
}
process.stdout.write(JSON.stringify(results));
