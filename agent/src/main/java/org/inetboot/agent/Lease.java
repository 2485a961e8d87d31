package org.inetboot.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * Stage 1's DHCP lease, as udhcpc's hook notes it ({@code key=value} lines), handed to stage 2 so
 * that it configures the same address at once instead of asking DHCP again (seconds on a slow
 * machine): as a static {@code inetboot.ip=} and the lease's end in {@code inetboot.lease=}
 * (seconds since the epoch; both kernels read the same clock). Plain data.
 */
record Lease(String device, String address, int prefix, String router, List<String> dns, long expires) {

    static final Path FILE = Path.of("/run/inetboot/lease");
    /** Stage 2 takes the lease over only while this much of it is left; else it asks DHCP. */
    static final long MARGIN_SECONDS = 300;

    /** The lease noted in {@code text}; empty when it is incomplete. */
    static Optional<Lease> parse(String text) {
        var values = new HashMap<String, String>();
        for (var line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1).strip());
            }
        }
        try {
            var dns = Arrays.stream(values.getOrDefault("dns", "").split(" "))
                    .filter(s -> !s.isBlank())
                    .limit(2)
                    .toList();
            var lease = new Lease(
                    values.get("interface"),
                    values.get("ip"),
                    Integer.parseInt(values.get("mask")),
                    values.getOrDefault("router", ""),
                    dns,
                    Long.parseLong(values.get("bound")) + Long.parseLong(values.get("lease")));
            return lease.device().isEmpty() || lease.address().isEmpty() ? Optional.empty() : Optional.of(lease);
        } catch (RuntimeException incomplete) {
            return Optional.empty();
        }
    }

    static Optional<Lease> read() {
        try {
            return parse(Files.readString(FILE));
        } catch (IOException none) {
            return Optional.empty();
        }
    }

    /** The lease as the kernel's {@code ip=} form, for {@link IpConfig#parse}. */
    String ipArgument() {
        return address + "/" + prefix + "::" + router + ":::" + device + ":off:" + String.join(":", dns);
    }

    /** Whether stage 2 may still take it over at {@code now} (seconds since the epoch). */
    static boolean usable(long expires, long now) {
        return expires - now >= MARGIN_SECONDS;
    }
}
