package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.DracutLiveIso;
import org.inetboot.testing.SerialConsole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A dracut live ISO in Fedora's shape ({@link DracutLiveIso}), unmodified: first from a local
 * virtual CD, which shows the image itself is right; then by the medium from a URL, with dracut's
 * {@code root=live:/dev/nbd0}: dracut's systemd switches root with stage 2's daemon alive and the
 * medium intact, the system reaches its login prompt, and {@code systemctl poweroff} ends it
 * cleanly (systemd returns to dracut's shutdown initramfs with the medium still attached).
 */
@Timeout(3600)
class DracutLiveIT {

    private static final Pattern GETTY = Pattern.compile("Debian GNU/Linux 12 \\S+ ttyS0");

    private static final Duration COMMAND = Duration.ofMinutes(2);

    @Test
    void bootsFromALocalCd() throws Exception {
        var cd = List.of("-cdrom", DracutLiveIso.get().toString(), "-nic", "none");
        try (var vm = SerialConsole.start(cd, "cd:")) {
            vm.await(GETTY, Duration.ofMinutes(15));
            vm.awaitPrompt(Duration.ofMinutes(2));
            vm.quietShell(Duration.ofMinutes(2));
            assertThat(vm.check("findmnt -n -o SOURCE /run/initramfs/live", COMMAND))
                    .isEqualTo("/dev/sr0");
        }
    }

    @Test
    void bootsThroughTheMediumOverHttpAndPowersOff() throws Exception {
        var iso = DracutLiveIso.get();
        try (var server = StaticFileServer.start(iso.getParent(), new InetSocketAddress("127.0.0.1", 0));
                var vm = DebianLiveIT.boot(server.uri().getPort(), iso, "1024")) {
            vm.await(GETTY, Duration.ofMinutes(30));
            assertThat(String.join("\n", vm.lines()))
                    .as("switch-root and start-up leave the medium intact")
                    .contains("initrd-switch-root.target")
                    .doesNotContainPattern(DebianLiveIT.MEDIUM_ERRORS)
                    .doesNotContain("Failed to execute /sbin/init");
            vm.awaitPrompt(Duration.ofMinutes(5));
            vm.quietShell(Duration.ofMinutes(2));
            vm.check("dmesg -n 1", COMMAND);
            assertThat(vm.check("cat /proc/cmdline", COMMAND))
                    .contains("root=live:/dev/nbd0 rd.live.image")
                    .doesNotContain("CDLABEL");
            assertThat(vm.check("findmnt -n -o SOURCE /run/initramfs/live", COMMAND))
                    .isEqualTo("/dev/nbd0");
            assertThat(vm.check("findmnt -n -o FSTYPE /", COMMAND)).isEqualTo("overlay");
            assertThat(vm.check("tr '\\0' ' ' < /proc/$(pgrep -f '^@inetboot' | head -1)/cmdline; echo", COMMAND))
                    .as("stage 2's daemon lives on after switch-root")
                    .startsWith("@inetboot");
            vm.check("cat /usr/share/doc/*/copyright > /dev/null", COMMAND); // reads the medium past the boot
            assertThat(vm.check("dmesg", COMMAND)).doesNotContainPattern(DebianLiveIT.MEDIUM_ERRORS);
            DebianLiveIT.shutsDownCleanly(vm, "systemctl poweroff", "reboot: Power down");
        }
    }
}
