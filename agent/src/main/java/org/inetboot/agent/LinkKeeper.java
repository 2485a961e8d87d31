package org.inetboot.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.inetboot.host.Messages;
import org.inetboot.host.Processes;

/**
 * Keeps the card the root is served over as stage 2 configured it, for the whole session: up,
 * with its address, and with a default route when it had one. The target's tools may take them
 * away ({@code ip link set down} drops every route through the card, {@code dhclient -r} flushes
 * its address), and a system whose root comes over the card may not be able to read the tools
 * that would put them back. It looks without starting a process (sysfs, the JDK's view of the
 * addresses, /proc/net/route) and runs {@code ip} only to repair; each repair is said once in the
 * kernel log.
 */
final class LinkKeeper {

    private static final Path SYS_NET = Path.of("/sys/class/net");
    private static final Path ROUTES = Path.of("/proc/net/route");

    /** What the card is to have: {@code address} as {@code a.b.c.d/prefix}; {@code gateway} may be empty. */
    record Wanted(String link, String address, String gateway) {}

    private LinkKeeper() {}

    /**
     * The {@code ip} commands that give the card back what it lacks, in order (a route needs the
     * link up); none when nothing is missing. A default route of the target's own, through any
     * card, is left alone. Pure.
     */
    static List<List<String>> repairs(Wanted wanted, boolean up, List<String> addresses, String routes) {
        var repairs = new ArrayList<List<String>>();
        if (!up) {
            repairs.add(List.of("ip", "link", "set", wanted.link(), "up"));
        }
        if (!addresses.contains(wanted.address())) {
            repairs.add(List.of("ip", "addr", "add", wanted.address(), "dev", wanted.link()));
        }
        if (!wanted.gateway().isEmpty() && defaultGateway(routes).isEmpty()) {
            repairs.add(List.of("ip", "route", "add", "default", "via", wanted.gateway(), "dev", wanted.link()));
        }
        return repairs;
    }

    /** The gateway of the first default route in {@code routes} (the kernel's /proc/net/route), if any. */
    static Optional<String> defaultGateway(String routes) {
        for (var line : routes.lines().skip(1).toList()) {
            var fields = line.trim().split("\\s+");
            if (fields.length >= 8 && fields[1].equals("00000000") && fields[7].equals("00000000")) {
                var gateway = HexFormat.of().parseHex(fields[2]); // the address in the kernel's (little-endian) order
                return Optional.of((gateway[3] & 0xff) + "." + (gateway[2] & 0xff) + "." + (gateway[1] & 0xff) + "."
                        + (gateway[0] & 0xff));
            }
        }
        return Optional.empty();
    }

    /**
     * Keeps {@code link} as it is now, looking every {@code period}. The card is found by its MAC
     * address each time: the target's udev may rename it.
     */
    static void keep(Network.Link link, Duration period, KernelLog log) throws IOException {
        var mac = Files.readString(SYS_NET.resolve(link.name()).resolve("address"))
                .strip();
        var gateway = defaultGateway(Files.readString(ROUTES)).orElse("");
        log.info(link.name() + " is kept up with " + link.address()
                + (gateway.isEmpty() ? "" : " and a default route via " + gateway));
        Thread.ofVirtual().name("link keeper").start(() -> {
            String failure = null;
            while (true) {
                try {
                    repair(new Wanted(name(mac), link.address(), gateway), log);
                    failure = null;
                } catch (IOException e) {
                    if (!Messages.oneLine(e).equals(failure)) {
                        failure = Messages.oneLine(e);
                        log.warning("cannot repair " + link.name() + ": " + failure + "; trying again");
                    }
                }
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return; // the daemon ends
                }
            }
        });
    }

    /** The name the card with {@code mac} has now. */
    private static String name(String mac) throws IOException {
        try (var links = Files.list(SYS_NET)) {
            for (var link : (Iterable<Path>) links::iterator) {
                var address = link.resolve("address");
                if (Files.isReadable(address)
                        && Files.readString(address).strip().equals(mac)) {
                    return link.getFileName().toString();
                }
            }
        }
        throw new IOException("no card with MAC address " + mac);
    }

    private static void repair(Wanted wanted, KernelLog log) throws IOException {
        var flags = Files.readString(SYS_NET.resolve(wanted.link()).resolve("flags"))
                .strip();
        boolean up = (Long.decode(flags) & 1) != 0; // IFF_UP
        for (var command : repairs(wanted, up, Network.addresses(wanted.link()), Files.readString(ROUTES))) {
            Processes.run(command.toArray(String[]::new));
            log.info(wanted.link() + " had lost what the root needs: " + String.join(" ", command));
        }
    }
}
