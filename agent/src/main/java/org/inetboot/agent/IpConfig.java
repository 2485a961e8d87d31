package org.inetboot.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How to configure the network, from an {@code ip=} value as the kernel documents it
 * (nfsroot.rst): {@code dhcp} (the default; also on, any, both, bootp), {@code off} (none),
 * dracut's {@code DEVICE:dhcp}, or
 * {@code CLIENT:SERVER:GATEWAY:NETMASK:HOSTNAME:DEVICE:AUTOCONF:DNS0:DNS1} with a static CLIENT
 * address (CLIENT may carry its prefix, {@code 10.0.0.5/24}; without a NETMASK the prefix is 24).
 * Plain data.
 *
 * @param device an interface name, or "" for every interface that has carrier
 */
public record IpConfig(
        Method method, String device, String address, int prefix, String gateway, String hostname, List<String> dns) {

    public enum Method {
        DHCP,
        STATIC,
        OFF
    }

    public static final IpConfig DHCP = new IpConfig(Method.DHCP, "", "", 0, "", "", List.of());

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final List<String> DHCP_WORDS = List.of("", "dhcp", "on", "any", "both", "bootp", "rarp");

    public IpConfig {
        dns = List.copyOf(dns);
    }

    /** Parses an {@code ip=} value; null or blank is DHCP. */
    public static IpConfig parse(String value) {
        var text = value == null ? "" : value.strip();
        var lower = text.toLowerCase(Locale.ROOT);
        if (DHCP_WORDS.contains(lower)) {
            return DHCP;
        }
        if (lower.equals("off") || lower.equals("none")) {
            return new IpConfig(Method.OFF, "", "", 0, "", "", List.of());
        }
        var fields = text.split(":", -1);
        if (fields.length == 2 && DHCP_WORDS.contains(fields[1].toLowerCase(Locale.ROOT))) {
            return new IpConfig(Method.DHCP, fields[0], "", 0, "", "", List.of());
        }
        if (fields.length < 2) {
            throw new IllegalArgumentException("ip=" + text + ": expected dhcp, off, DEVICE:dhcp or"
                    + " CLIENT:SERVER:GATEWAY:NETMASK:HOSTNAME:DEVICE:AUTOCONF:DNS0:DNS1");
        }
        var client = field(fields, 0);
        if (client.isEmpty()) {
            return new IpConfig(Method.DHCP, field(fields, 5), "", 0, "", "", List.of());
        }
        return staticConfig(text, fields, client);
    }

    private static IpConfig staticConfig(String text, String[] fields, String client) {
        var slash = client.indexOf('/');
        var address = slash < 0 ? client : client.substring(0, slash);
        int prefix = slash >= 0
                ? prefixLength(text, client.substring(slash + 1))
                : field(fields, 3).isEmpty() ? 24 : netmaskPrefix(text, field(fields, 3));
        address(text, address);
        var gateway = field(fields, 2);
        if (!gateway.isEmpty()) {
            address(text, gateway);
        }
        var dns = new ArrayList<String>();
        for (int i = 7; i <= 8; i++) {
            if (!field(fields, i).isEmpty()) {
                dns.add(address(text, field(fields, i)));
            }
        }
        return new IpConfig(Method.STATIC, field(fields, 5), address, prefix, gateway, field(fields, 4), dns);
    }

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index].strip() : "";
    }

    private static String address(String text, String address) {
        if (!IPV4.matcher(address).matches()) {
            throw new IllegalArgumentException("ip=" + text + ": '" + address + "' is not an IPv4 address");
        }
        return address;
    }

    private static int prefixLength(String text, String digits) {
        if (!digits.matches("\\d{1,2}") || Integer.parseInt(digits) > 32) {
            throw new IllegalArgumentException("ip=" + text + ": '/" + digits + "' is not a prefix length");
        }
        return Integer.parseInt(digits);
    }

    private static int netmaskPrefix(String text, String netmask) {
        int bits = 0;
        for (var octet : address(text, netmask).split("\\.")) {
            bits = bits << 8 | Integer.parseInt(octet);
        }
        int prefix = Integer.bitCount(bits);
        if (bits != (prefix == 0 ? 0 : -1 << (32 - prefix))) {
            throw new IllegalArgumentException("ip=" + text + ": netmask " + netmask + " is not contiguous");
        }
        return prefix;
    }
}
