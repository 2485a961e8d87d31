package org.inetboot.boot;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;
import org.inetboot.iso.IsoImage;
import org.inetboot.json.Json;
import org.inetboot.source.FileSource;
import org.inetboot.source.Source;
import org.inetboot.source.Stats;

/**
 * The kernel, initrd and command line for a plan, ready for kexec: the entry's kernel in memory;
 * the initrd written to a file (tens of MiB, never held whole by the JVM, streamed in 1 MiB
 * pieces): the entry's initrds unchanged one after another (each padded to four bytes, as boot
 * loaders do), then stage 2's payload if it goes along, and last an archive of this boot's own:
 * the plan and the target kernel's modules stage 2 loads, found in the initrds as written. The
 * kernel unpacks them in that order.
 */
public record BootFiles(byte[] kernel, Path initrd, String cmdline, Optional<Hypervisor> hypervisor) {

    /** A multiboot image (Xen), unpacked, that starts instead of the kernel, with the kernel and the initrd as its modules. */
    public record Hypervisor(byte[] image, String cmdline) {}

    /** More than any hypervisor needs (Xen 4.17's is 3 MiB unpacked): a bound for a hostile xen.gz. */
    static final int MAX_HYPERVISOR_BYTES = 64 << 20;

    /** Where this system's kernels keep their modules; the fallback for a target that runs the same release. */
    private static final Path LOCAL_MODULES = Path.of("/lib/modules");

    /** Fetches the entry's files from the image, writing the initrd to {@code initrd}; {@code progress} gets a line a file. */
    public static BootFiles assemble(IsoImage iso, BootPlan plan, Path initrd, PrintWriter progress)
            throws IOException {
        var kernel = fetch(iso, plan.entry().kernel(), progress);
        if (plan.entry().hypervisor().isEmpty()) { // a hypervisor's module is the hypervisor's to load
            var problem = KernelImage.kexecProblem(kernel);
            if (problem.isPresent()) {
                throw new BootException("'" + plan.entry().label() + "' cannot be started by kexec: "
                        + plan.entry().kernel() + ": " + problem.get());
            }
        }
        try (var out = new BufferedOutputStream(Files.newOutputStream(initrd), 1 << 20)) {
            for (var path : plan.entry().initrds()) {
                long size = copy(iso, path, out, progress);
                out.write(new byte[padding(size)]);
            }
            out.flush();
            var items = new ArrayList<>(List.of(
                    Overlay.Item.directory("inetboot", 0755),
                    Overlay.Item.directory(Stage2.ROOT, 0755),
                    Overlay.Item.directory(Stage2.ROOT + "/etc", 0755),
                    Overlay.Item.directory(Stage2.ROOT + "/etc/inetboot", 0755),
                    Overlay.Item.file(
                            Stage2.ROOT + "/" + Stage2.PLAN, 0644, json(plan).getBytes(StandardCharsets.UTF_8))));
            if (plan.stage2().isPresent()) {
                var stage2 = plan.stage2().get();
                items.addAll(moduleItems(modules(kernel, initrd, stage2, progress)));
                if (stage2.caCertificates() != null) {
                    items.add(Overlay.Item.file(
                            Stage2.ROOT + "/" + Stage2.CA_CERTIFICATES, 0644, stage2.caCertificates()));
                }
                Files.copy(stage2.payload(), out);
                out.write(new byte[padding(Files.size(stage2.payload()))]);
            }
            Overlay.write(items, Compression.GZIP, out);
        }
        var hypervisor = plan.entry().hypervisor();
        return new BootFiles(
                kernel,
                initrd,
                plan.cmdline(),
                hypervisor.isEmpty()
                        ? Optional.empty()
                        : Optional.of(new Hypervisor(
                                unpacked(
                                        hypervisor.get().path(),
                                        fetch(iso, hypervisor.get().path(), progress)),
                                hypervisor.get().cmdline())));
    }

    /** A gzip-compressed image (Debian's xen.gz) unpacked, as GRUB does and kexec-tools does not; else as it is. */
    static byte[] unpacked(String path, byte[] image) throws IOException {
        if (image.length < 2 || (image[0] & 0xff) != 0x1f || (image[1] & 0xff) != 0x8b) {
            return image;
        }
        try (var in = new GZIPInputStream(new ByteArrayInputStream(image))) {
            var bytes = in.readNBytes(MAX_HYPERVISOR_BYTES + 1);
            if (bytes.length > MAX_HYPERVISOR_BYTES) {
                throw new BootException(path + ": more than " + (MAX_HYPERVISOR_BYTES >> 20) + " MiB once unpacked");
            }
            return bytes;
        } catch (ZipException | EOFException e) {
            throw new BootException(path + ": a damaged gzip stream (" + e.getMessage() + ")");
        }
    }

    /** The modules stage 2 loads, found in the target's initrds as written so far (what its kernel unpacks before them). */
    private static Map<String, byte[]> modules(byte[] kernel, Path initrd, Stage2 stage2, PrintWriter progress)
            throws IOException {
        try (var bases = FileSource.open(initrd, new Stats())) {
            return TargetModules.select(kernel, bases, stage2.modules(), LOCAL_MODULES, progress);
        }
    }

    /** What brings {@code size} to a multiple of four. */
    private static int padding(long size) {
        return (int) ((4 - (size & 3)) & 3);
    }

    private static List<Overlay.Item> moduleItems(Map<String, byte[]> modules) {
        var dir = Stage2.ROOT + "/" + Stage2.MODULES;
        var items = new ArrayList<>(List.of(Overlay.Item.directory(dir, 0755)));
        modules.forEach((file, bytes) -> items.add(Overlay.Item.file(dir + "/" + file, 0644, bytes)));
        var order = new StringBuilder();
        for (var file : modules.keySet()) {
            var parameters = Stage2.MODULE_PARAMETERS.get(file);
            order.append(file)
                    .append(parameters == null ? "" : " " + parameters)
                    .append('\n');
        }
        items.add(Overlay.Item.file(
                Stage2.ROOT + "/" + Stage2.MODULE_ORDER, 0644, order.toString().getBytes(StandardCharsets.UTF_8)));
        return items;
    }

    private static byte[] fetch(IsoImage iso, String path, PrintWriter progress) throws IOException {
        var file = iso.open(iso.lookup(path, true));
        if (file.size() > Integer.MAX_VALUE - 8) {
            throw new BootException(path + ": " + file.size() + " bytes is too large to load");
        }
        long start = System.nanoTime();
        var bytes = file.readBytes(0, (int) file.size());
        report(progress, path, file, start);
        return bytes;
    }

    /** Copies an initrd of the image, unchanged, to {@code out}; returns its size. */
    private static long copy(IsoImage iso, String path, OutputStream out, PrintWriter progress) throws IOException {
        var file = iso.open(iso.lookup(path, true));
        long start = System.nanoTime();
        Overlay.copyBase(file, out);
        report(progress, path, file, start);
        return file.size();
    }

    private static void report(PrintWriter progress, String path, Source file, long start) {
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        progress.printf(
                "fetched %s: %.1f MiB in %.1f s (%.1f MiB/s)%n",
                path, file.size() / 1048576.0, seconds, file.size() / 1048576.0 / seconds);
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
