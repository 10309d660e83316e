package io.mqttd.quic.tls.cert;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Matching a server certificate against the name the client asked for, per RFC 9525 §6
 * (which obsoletes RFC 6125): DNS names against subjectAltName dNSName entries, IP literals against
 * iPAddress entries, never the subject common name (RFC 9525 §6.3 drops the CN-ID fallback).
 *
 * <p>Wildcards: only a complete left-most label "*" matches, and it matches exactly one label
 * (RFC 9525 §6.3: "*.example.com" matches "a.example.com" but not "example.com" nor
 * "a.b.example.com"); partial-label wildcards such as "f*.example.com" and wildcards over fewer than
 * two remaining labels ("*.com") are refused.
 *
 * <p>No method here ever resolves a name through DNS.
 */
public final class HostName {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** Hex groups, colons and an embedded IPv4 tail, with an optional zone: nothing InetAddress would look up. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

    private HostName() {
    }

    /** Whether {@code name} is an IPv4 or IPv6 literal (IPv6 optionally in brackets). */
    public static boolean isIpLiteral(String name) {
        return ipLiteral(name) != null;
    }

    /** The address of an IP literal, or null when {@code name} is not one; no DNS lookup. */
    static InetAddress ipLiteral(String name) {
        String n = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        boolean literal = IPV4.matcher(n).matches() || IPV6.matcher(n).matches();
        if (!literal) {
            return null;
        }
        try {
            // A string with ':' or a dotted quad is parsed as a literal: InetAddress does no lookup.
            return InetAddress.getByName(n);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether the certificate's subjectAltName covers {@code host} (a DNS name or an IP literal). */
    public static boolean matches(X509Certificate certificate, String host) {
        Collection<List<?>> altNames;
        try {
            altNames = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (altNames == null) {
            return false;
        }
        InetAddress address = ipLiteral(host);
        String reference = address == null ? normalize(host) : null;
        if (address == null && reference == null) {
            return false;
        }
        for (List<?> entry : altNames) {
            if (entry.size() < 2 || !(entry.get(0) instanceof Integer type) || !(entry.get(1) instanceof String value)) {
                continue;
            }
            if (address != null && type == SAN_IP) {
                InetAddress presented = ipLiteral(value);
                if (presented != null && presented.equals(address)) {
                    return true;
                }
            } else if (address == null && type == SAN_DNS && dnsNameMatches(value, reference)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a presented dNSName identifier matches a reference DNS name (both compared in A-label
     * form, case-insensitively, ignoring one trailing dot).
     */
    public static boolean dnsNameMatches(String presented, String referenceHost) {
        String pattern = normalize(presented);
        String host = normalize(referenceHost);
        if (pattern == null || host == null) {
            return false;
        }
        if (!pattern.contains("*")) {
            return pattern.equals(host);
        }
        // RFC 9525 §6.3: the wildcard is the whole left-most label and nowhere else.
        if (!pattern.startsWith("*.") || pattern.indexOf('*', 1) >= 0) {
            return false;
        }
        String suffix = pattern.substring(1); // ".example.com"
        if (suffix.indexOf('.', 1) < 0) {
            return false; // "*.com": too broad to be honoured
        }
        if (!host.endsWith(suffix)) {
            return false;
        }
        String firstLabel = host.substring(0, host.length() - suffix.length());
        return !firstLabel.isEmpty() && firstLabel.indexOf('.') < 0;
    }

    /** Lower-case A-label form without a trailing dot, or null when not a usable DNS name. */
    private static String normalize(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        try {
            n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (n.isEmpty() || n.startsWith(".") || n.contains("..")) {
            return null;
        }
        return n.toLowerCase(Locale.ROOT);
    }
}
