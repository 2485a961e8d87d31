package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.regex.Pattern;
import org.inetboot.server.StaticFileServer;
import org.inetboot.testing.XenLiveIso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed's VMKnoppix row: a Debian Live ISO with Xen ({@link XenLiveIso}) booted by the medium
 * from a URL with the seed's {@code bootxen=1}: stage 1 chooses the image's Xen entry and starts
 * Xen by kexec (multiboot2, dom0's kernel and its initrd with stage 2 as modules), stage 2 attaches
 * the image in dom0's initramfs, and dom0 comes up to its login on Xen's console with its live
 * medium on /dev/nbd0; then it powers the machine off.
 */
@Timeout(3600)
class XenLiveIT {

    private static final Pattern GETTY = Pattern.compile("Debian GNU/Linux 12 \\S+ hvc0");

    private static final Duration COMMAND = Duration.ofMinutes(2);

    @Test
    void dom0BootsThroughTheMediumOverHttpWithBootxen() throws Exception {
        var iso = XenLiveIso.get();
        try (var server = StaticFileServer.start(iso.getParent(), new InetSocketAddress("127.0.0.1", 0));
                var vm = DebianLiveIT.boot(server.uri().getPort(), iso, "1536", "bootxen=1")) {
            vm.await(
                    Pattern.compile(
                            "booting 'Live system with Xen \\(amd64\\)' \\(debian-live\\): /live/xen.gz console=com1 \\S+ \\+ /live/vmlinuz"),
                    Duration.ofMinutes(15));
            vm.await(Pattern.compile("Xen version 4\\.17"), Duration.ofMinutes(5));
            vm.await(GETTY, Duration.ofMinutes(30));
            vm.typeInBursts(8, Duration.ofMillis(100));
            vm.quietShell(Duration.ofMinutes(5));
            vm.check("dmesg -n 1", COMMAND);
            assertThat(vm.check("cat /sys/hypervisor/type && test -d /proc/xen && echo /proc/xen", COMMAND))
                    .isEqualTo("xen\n/proc/xen");
            assertThat(vm.check(
                            "mountpoint -q /proc/xen || mount -t xenfs xenfs /proc/xen; cat /proc/xen/capabilities",
                            COMMAND))
                    .as("the control domain")
                    .isEqualTo("control_d");
            assertThat(vm.check("cat /proc/cmdline", COMMAND)).contains("live-media=/dev/nbd0");
            assertThat(vm.check("findmnt -n -o SOURCE /run/live/medium", COMMAND))
                    .isEqualTo("/dev/nbd0");
            vm.check("cat /usr/share/doc/*/copyright > /dev/null", COMMAND); // reads the medium past the boot
            assertThat(vm.check("dmesg", COMMAND)).doesNotContainPattern(DebianLiveIT.MEDIUM_ERRORS);
            DebianLiveIT.shutsDownCleanly(vm, "systemctl poweroff", "reboot: Power down");
        }
    }
}
