package org.inetboot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The boot menus of a Debian Live ISO as live-build (the package installed by ./setup) makes
 * them: its own templates from /usr/share/live/build/bootloaders, filled in with the
 * substitutions of its binary_syslinux and binary_grub_cfg scripts for one flavour (amd64), with
 * the graphical installer and memtest enabled. Kernels and file systems are stand-in bytes.
 */
public final class LiveBuildLayout {

    public static final String KERNEL_VERSION = "6.1.0-28-amd64";
    public static final String APPEND_LIVE = "boot=live components quiet splash";
    public static final String APPEND_FAILSAFE =
            "boot=live components memtest noapic noapm nodma nomce nosmp nosplash vga=788";
    private static final Path TEMPLATES = Path.of("/usr/share/live/build/bootloaders");

    private LiveBuildLayout() {}

    public static Path write(Path root) throws IOException {
        files(root);
        isolinux(root.resolve("isolinux"));
        grub(root.resolve("boot/grub"));
        return root;
    }

    private static void files(Path root) throws IOException {
        var live = Files.createDirectories(root.resolve("live"));
        for (var name : List.of(
                "vmlinuz",
                "initrd.img",
                "vmlinuz-" + KERNEL_VERSION,
                "initrd.img-" + KERNEL_VERSION,
                "memtest.bin",
                "filesystem.squashfs")) {
            Files.writeString(live.resolve(name), "stand-in for " + name);
        }
        for (var dir : List.of("install", "install/gtk")) {
            Files.createDirectories(root.resolve(dir));
            Files.writeString(root.resolve(dir + "/vmlinuz"), "installer kernel");
            Files.writeString(root.resolve(dir + "/initrd.gz"), "installer initrd");
        }
    }

    /** binary_syslinux: templates copied (links followed), installer and memtest included, placeholders filled. */
    private static void isolinux(Path target) throws IOException {
        copyAll(TEMPLATES.resolve("syslinux_common"), target);
        copyAll(TEMPLATES.resolve("isolinux"), target);
        Files.delete(target.resolve("install_text.cfg"));
        Files.move(target.resolve("install_gui.cfg"), target.resolve("install.cfg"));
        var liveIn = target.resolve("live.cfg.in");
        Files.writeString(
                target.resolve("live.cfg"),
                substitute(
                        Files.readString(liveIn),
                        Map.of("@FLAVOUR@", "amd64", "@LINUX@", "/live/vmlinuz", "@INITRD@", "/live/initrd.img")));
        Files.delete(liveIn);
        Files.delete(target.resolve("splash.svg"));
        var common = installer();
        common.put("@APPEND_LIVE_FAILSAFE@", APPEND_FAILSAFE);
        common.put("@APPEND_LIVE@", APPEND_LIVE);
        common.put("@MEMTEST@", "/live/memtest.bin");
        common.put("@OPTIONAL_INSTALLER_INCLUDE@", "include install.cfg");
        common.put("@OPTIONAL_MEMTEST_INCLUDE@", "include memtest.cfg");
        substituteAll(target, common);
    }

    /** binary_grub_cfg: live entries generated, installer and memtest enabled, loopback.cfg added. */
    private static void grub(Path target) throws IOException {
        copyAll(TEMPLATES.resolve("grub-pc"), target);
        Files.delete(target.resolve("install_text.cfg"));
        Files.delete(target.resolve("install_start_text.cfg"));
        Files.move(target.resolve("install_gui.cfg"), target.resolve("install.cfg"));
        Files.move(target.resolve("install_start_gui.cfg"), target.resolve("install_start.cfg"));
        var kernel = "/live/vmlinuz-" + KERNEL_VERSION;
        var initrd = "/live/initrd.img-" + KERNEL_VERSION;
        var liveEntries =
                entry("Live system (amd64)", kernel, initrd, APPEND_LIVE + " findiso=${iso_path}", " --hotkey=l")
                        + entry("Live system (amd64 fail-safe mode)", kernel, initrd, APPEND_FAILSAFE, "");
        var values = installer();
        values.put("@LINUX_LIVE@\n", liveEntries);
        values.put("@ENABLE_INSTALL_MENU@", "true");
        values.put("@ENABLE_MEMTEST@", "true");
        values.put("@MEMTEST_DIR@", "/live");
        values.put("@MEMTEST_BIN@", "/live/memtest.bin");
        substituteAll(target, values);
        for (var file : cfgFiles(target)) {
            Files.writeString(file, Files.readString(file).replace("//", "/").replaceAll(" +\n", "\n"));
        }
        Files.writeString(target.resolve("loopback.cfg"), "source /boot/grub/grub.cfg\n");
    }

    /** The installer's and memtest's values, the same in both scripts. */
    private static Map<String, String> installer() {
        var values = new LinkedHashMap<String, String>();
        values.put("@KERNEL_GI@", "/install/gtk/vmlinuz");
        values.put("@INITRD_GI@", "/install/gtk/initrd.gz");
        values.put("@KERNEL_DI@", "/install/vmlinuz");
        values.put("@INITRD_DI@", "/install/initrd.gz");
        values.put("@APPEND_INSTALL@", "");
        values.put("@MEMTEST_VERSION@", "memtest86+");
        return values;
    }

    /** What binary_grub_cfg's Grub_live_menu_entry prints. */
    private static String entry(String label, String kernel, String initrd, String append, String hotkey) {
        return "menuentry \"" + label + "\"" + hotkey + " {\n\tlinux\t" + kernel + " " + append + "\n\tinitrd\t"
                + initrd + "\n}\n";
    }

    private static void substituteAll(Path dir, Map<String, String> values) throws IOException {
        for (var file : cfgFiles(dir)) {
            Files.writeString(file, substitute(Files.readString(file), values));
        }
    }

    private static String substitute(String text, Map<String, String> values) {
        for (var value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        return text;
    }

    private static List<Path> cfgFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".cfg")).sorted().toList();
        }
    }

    private static void copyAll(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (var source : walk.toList()) {
                var target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING); // follows links, as cp -aL
                }
            }
        }
    }
}
