package org.inetboot.media;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The inetboot jar as the medium carries it: without the native libraries its dependencies bring
 * for other systems (zstd-jni's for Windows, macOS, BSDs and other architectures: two thirds of
 * the jar). Entries are copied in order, compressed as they were.
 */
final class LinuxJar {

    /** A native library under an os/arch directory, as zstd-jni lays them out. */
    private static final Pattern NATIVE = Pattern.compile("[a-z]+/[a-z0-9_]+/[^/]+\\.(so|dll|dylib|jnilib)");

    private static final String OURS = "linux/amd64/";

    private LinuxJar() {}

    static void write(Path jar, Path out) throws IOException {
        try (var in = new ZipFile(jar.toFile());
                var zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16))) {
            for (var entry : in.stream().toList()) {
                if (NATIVE.matcher(entry.getName()).matches()
                        && !entry.getName().startsWith(OURS)) {
                    continue;
                }
                var copy = new java.util.zip.ZipEntry(entry);
                copy.setCompressedSize(-1);
                zip.putNextEntry(copy);
                try (var data = in.getInputStream(entry)) {
                    data.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }
}
