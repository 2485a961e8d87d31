package org.inetboot.boot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;
import org.inetboot.iso.IsoImage;
import org.inetboot.json.Json;
import org.inetboot.source.ByteArraySource;
import org.inetboot.source.Source;

/**
 * The kernel, initrd and command line for a plan, ready for kexec: the entry's kernel in memory;
 * the initrd written to a file (tens of MiB, never held whole by the JVM): the entry's initrds
 * unchanged one after another (each padded to four bytes, as boot loaders do), then stage 2's
 * payload if it goes along, and last an archive of this boot's own: the plan and the target
 * kernel's modules stage 2 loads. The kernel unpacks them in that order.
 */
public record BootFiles(byte[] kernel, Path initrd, String cmdline) {

    /** Where this system's kernels keep their modules; the fallback for a target that runs the same release. */
    private static final Path LOCAL_MODULES = Path.of("/lib/modules");

    /** Fetches the entry's files from the image, writing the initrd to {@code initrd}; {@code progress} gets a line a file. */
    public static BootFiles assemble(IsoImage iso, BootPlan plan, Path initrd, PrintWriter progress) throws IOException {
        var kernel = fetch(iso, plan.entry().kernel(), progress);
        try (var out = new BufferedOutputStream(Files.newOutputStream(initrd), 1 << 20)) {
            write(iso, plan, kernel, out, progress);
        }
        return new BootFiles(kernel, initrd, plan.cmdline());
    }

    private static void write(IsoImage iso, BootPlan plan, byte[] kernel, BufferedOutputStream initrd, PrintWriter progress)
            throws IOException {
        var initrds = new ArrayList<ByteArraySource>();
        long written = 0;
        for (var path : plan.entry().initrds()) {
            var base = new ByteArraySource(iso.name() + ":" + path, fetch(iso, path, progress));
            Overlay.copyBase(base, initrd);
            written += base.size() + padding(base.size());
            initrds.add(base);
        }
        var items = new ArrayList<>(List.of(Overlay.Item.directory("inetboot", 0755), Overlay.Item.directory(Stage2.ROOT, 0755),
                Overlay.Item.directory(Stage2.ROOT + "/etc", 0755), Overlay.Item.directory(Stage2.ROOT + "/etc/inetboot", 0755),
                Overlay.Item.file(Stage2.ROOT + "/" + Stage2.PLAN, 0644, json(plan).getBytes(StandardCharsets.UTF_8))));
        if (plan.stage2().isPresent()) {
            var stage2 = plan.stage2().get();
            Files.copy(stage2.payload(), initrd);
            initrd.write(new byte[padding(written + Files.size(stage2.payload()))]);
            items.addAll(moduleItems(TargetModules.select(kernel, initrds, stage2.modules(), LOCAL_MODULES, progress)));
        }
        Overlay.write(items, Compression.GZIP, initrd);
    }

    /** What brings {@code size} to a multiple of four. */
    private static int padding(long size) {
        return (int) ((4 - (size & 3)) & 3);
    }

    private static List<Overlay.Item> moduleItems(Map<String, byte[]> modules) {
        var dir = Stage2.ROOT + "/" + Stage2.MODULES;
        var items = new ArrayList<>(List.of(Overlay.Item.directory(dir, 0755)));
        modules.forEach((file, bytes) -> items.add(Overlay.Item.file(dir + "/" + file, 0644, bytes)));
        var order = String.join("\n", modules.keySet()) + (modules.isEmpty() ? "" : "\n");
        items.add(Overlay.Item.file(Stage2.ROOT + "/" + Stage2.MODULE_ORDER, 0644, order.getBytes(StandardCharsets.UTF_8)));
        return items;
    }

    private static byte[] fetch(IsoImage iso, String path, PrintWriter progress) throws IOException {
        var file = iso.open(iso.lookup(path, true));
        if (file.size() > Integer.MAX_VALUE - 8) {
            throw new BootException(path + ": " + file.size() + " bytes is too large to load");
        }
        long start = System.nanoTime();
        var bytes = Source.readRange(file, 0, (int) file.size());
        report(progress, path, file, start);
        return bytes.array();
    }

    private static void report(PrintWriter progress, String path, Source file, long start) {
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        progress.printf("fetched %s: %.1f MiB in %.1f s (%.1f MiB/s)%n", path, file.size() / 1048576.0, seconds,
                file.size() / 1048576.0 / seconds);
        progress.flush();
    }

    private static String json(BootPlan plan) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("image", plan.image());
        fields.put("distro", plan.distro().id());
        fields.put("label", plan.entry().label());
        fields.put("kernel", plan.entry().kernel());
        fields.put("initrds", plan.entry().initrds());
        fields.put("cmdline", plan.cmdline());
        return Json.write(fields);
    }
}
