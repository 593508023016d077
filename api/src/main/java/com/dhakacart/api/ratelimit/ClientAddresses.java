package com.dhakacart.api.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the address a request really came from. X-Forwarded-For is client-chosen text, so it is believed
 * only when the connection comes from a configured trusted proxy, and then only hop by hop from the right:
 * the first address not itself a trusted proxy is the client. Anything else (no trusted proxies, a
 * direct caller, a malformed entry) falls back to the last address we can vouch for.
 */
public final class ClientAddresses {

    // Literal addresses only: InetAddress.getByName on anything else would be a DNS lookup.
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final List<Range> trusted;

    ClientAddresses(Collection<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : trustedProxies) {
            if (entry != null && !entry.isBlank()) {
                ranges.add(Range.parse(entry.strip()));
            }
        }
        this.trusted = List.copyOf(ranges);
    }

    /** The address the request came from (see the class comment). */
    public String clientOf(jakarta.servlet.http.HttpServletRequest request) {
        return clientOf(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

    /** The client's address, given the connection's peer and the X-Forwarded-For header (may be null). */
    String clientOf(String peer, String forwardedFor) {
        Optional<byte[]> peerBytes = literal(peer);
        if (peerBytes.isEmpty() || !isTrusted(peerBytes.get()) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String client = peer;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            Optional<byte[]> bytes = literal(hop);
            if (bytes.isEmpty()) {
                return client; // garbage left of here was written by someone we cannot vouch for
            }
            client = canonical(bytes.get());
            if (!isTrusted(bytes.get())) {
                return client;
            }
        }
        return client;
    }

    boolean isTrustedProxy(String address) {
        return literal(address).map(this::isTrusted).orElse(false);
    }

    private boolean isTrusted(byte[] address) {
        return trusted.stream().anyMatch(r -> r.contains(address));
    }

    private static String canonical(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<byte[]> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = IPV4.matcher(candidate).matches();
        if (!v4 && !(candidate.contains(":") && IPV6.matcher(candidate).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** One configured proxy: an address, or a CIDR range such as 10.0.0.0/8. */
    private record Range(byte[] network, int bits) {

        static Range parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes = literal(address).orElseThrow(() -> new IllegalArgumentException(
                    "DHAKACART_TRUSTED_PROXIES: '" + text + "' is not an IP address or CIDR range"));
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException(
                            "DHAKACART_TRUSTED_PROXIES: '" + text + "' has an impossible prefix length");
                }
            }
            return new Range(bytes, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
