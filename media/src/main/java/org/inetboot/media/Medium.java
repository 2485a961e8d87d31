package org.inetboot.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * InetBoot's boot medium: a small Linux whose stage 1 reads {@code inetboot.url=URL} (or the
 * original's {@code netdir=URL}), {@code inetboot.entry=} and {@code inetboot.append=} from its
 * command line, asks for a URL on the console when none is given, and boots that image with
 * {@code inetboot boot}; on failure it offers to retry, to change the URL, or a shell. Written as
 * {@code vmlinuz} + {@code initrd.img} (for PXE, iPXE or another loader), {@code inetboot.iso}
 * (hybrid BIOS and UEFI, CD and USB, by grub-mkrescue) and {@code inetboot.ipxe}.
 */
public final class Medium {

    /** Network drivers for common hardware, and what stage 2 needs from the medium's kernel. */
    public static final List<String> MODULES = List.of("virtio_pci", "virtio_net", "e1000", "e1000e", "igb", "ixgbe", "r8169",
            "tg3", "bnx2", "nbd", "isofs", "squashfs", "overlay", "loop");

    static final String STAGE1 = """
            parameter() { for word in $(cat /proc/cmdline); do case "$word" in "$1"=*) echo "${word#*=}";; esac; done; }
            url=$(parameter inetboot.url)
            [ -n "$url" ] || url=$(parameter netdir)
            entry=$(parameter inetboot.entry)
            append=$(parameter inetboot.append | tr , ' ')
            while true; do
                if [ -z "$url" ]; then
                    echo 'InetBoot: URL of an ISO image to boot?'
                    read -r url
                fi
                echo "InetBoot: booting $url"
                inetboot boot "$url" ${entry:+--entry "$entry"} ${append:+--append "$append"}
                echo "InetBoot: the boot of $url failed. [r]etry, [u]se another URL, or [s]hell?"
                read -r answer
                case "$answer" in
                    u*) url= ;;
                    s*) sh ;;
                esac
            done
            """;

    private Medium() {}

    /** Builds the medium into {@code out}, with a menu entry for each URL and one that asks for a URL. */
    public static void build(DebianPackages packages, Path jar, List<String> urls, Path out) throws IOException {
        Files.createDirectories(out);
        var work = Files.createTempDirectory("inetboot-medium");
        try {
            var guest = GuestImage.build(packages, jar, MODULES, STAGE1, work);
            copy(guest.kernel(), out.resolve("vmlinuz"));
            copy(guest.initrd(), out.resolve("initrd.img"));
            var grub = Files.createDirectories(work.resolve("iso/boot/grub"));
            copy(guest.kernel(), grub.getParent().resolve("vmlinuz"));
            copy(guest.initrd(), grub.getParent().resolve("initrd.img"));
            Files.writeString(grub.resolve("grub.cfg"), grubMenu(urls));
            DebianPackages.run(out, List.of("grub-mkrescue", "-o", out.resolve("inetboot.iso").toString(), work.resolve("iso").toString()));
            Files.writeString(out.resolve("inetboot.ipxe"), ipxe(urls));
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (var path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String grubMenu(List<String> urls) {
        var menu = new StringBuilder("""
                set timeout=5
                serial --unit=0 --speed=115200
                terminal_input console serial
                terminal_output console serial
                """);
        var entries = new ArrayList<String[]>();
        urls.forEach(url -> entries.add(new String[] {"InetBoot: " + url, " inetboot.url=" + url}));
        entries.add(new String[] {"InetBoot: ask for a URL", ""});
        for (var entry : entries) {
            menu.append("menuentry '").append(entry[0].replace("'", "")).append("' {\n")
                    .append("    linux /boot/vmlinuz console=tty0 console=ttyS0 quiet").append(entry[1]).append('\n')
                    .append("    initrd /boot/initrd.img\n}\n");
        }
        return menu.toString();
    }

    private static String ipxe(List<String> urls) {
        var url = urls.isEmpty() ? "" : " inetboot.url=" + urls.getFirst();
        return "#!ipxe\nkernel vmlinuz console=tty0 console=ttyS0 quiet" + url + "\ninitrd initrd.img\nboot\n";
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
