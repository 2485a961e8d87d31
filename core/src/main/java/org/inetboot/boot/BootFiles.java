package org.inetboot.boot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;
import org.inetboot.iso.IsoImage;
import org.inetboot.json.Json;
import org.inetboot.source.Source;

/**
 * The kernel, initrd and command line for a plan, in memory, ready for kexec: the entry's kernel,
 * its initrds unchanged one after another (each padded to four bytes, as boot loaders do), and an
 * archive of InetBoot's own after them, which the kernel unpacks last.
 */
public record BootFiles(byte[] kernel, byte[] initrd, String cmdline) {

    /** Where stage 2 finds the plan in the target's initramfs. */
    public static final String PLAN_PATH = "inetboot/plan.json";

    /** Fetches the entry's files from the image; {@code progress} gets a line a file. */
    public static BootFiles assemble(IsoImage iso, BootPlan plan, PrintWriter progress) throws IOException {
        var kernel = fetch(iso, plan.entry().kernel(), progress);
        var initrd = new ByteArrayOutputStream();
        for (var path : plan.entry().initrds()) {
            Overlay.copyBase(iso.open(iso.lookup(path, true)), initrd);
        }
        Overlay.write(List.of(Overlay.Item.directory("inetboot", 0755),
                Overlay.Item.file(PLAN_PATH, 0644, json(plan).getBytes(StandardCharsets.UTF_8))), Compression.GZIP, initrd);
        return new BootFiles(kernel, initrd.toByteArray(), plan.cmdline());
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
