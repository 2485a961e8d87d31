package org.inetboot.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxJarTest {

    @TempDir
    Path dir;

    @Test
    void keepsEverythingButOtherSystemsNativeLibrariesInOrderAndCompressedAsTheyWere() throws IOException {
        var entries = new LinkedHashMap<String, byte[]>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: x.Main\n".getBytes());
        entries.put("x/Main.class", new byte[] {(byte) 0xca, (byte) 0xfe, 1, 2});
        entries.put("linux/amd64/libzstd-jni-1.5.7-28.so", "ours".getBytes());
        entries.put("linux/aarch64/libzstd-jni-1.5.7-28.so", "not ours".getBytes());
        entries.put("win/amd64/libzstd-jni-1.5.7-28.dll", "not ours".getBytes());
        entries.put("darwin/aarch64/libzstd-jni-1.5.7-28.dylib", "not ours".getBytes());
        entries.put("linux/amd64/README", "a text".getBytes());
        var jar = dir.resolve("in.jar");
        try (var zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (var entry : entries.entrySet()) {
                var zipEntry = new ZipEntry(entry.getKey());
                if (entry.getKey().endsWith(".class")) {
                    var crc = new CRC32();
                    crc.update(entry.getValue());
                    zipEntry.setMethod(ZipEntry.STORED);
                    zipEntry.setSize(entry.getValue().length);
                    zipEntry.setCrc(crc.getValue());
                }
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        var out = dir.resolve("out.jar");
        LinuxJar.write(jar, out);
        try (var trimmed = new ZipFile(out.toFile())) {
            assertThat(trimmed.stream().map(ZipEntry::getName))
                    .containsExactly(
                            "META-INF/MANIFEST.MF",
                            "x/Main.class",
                            "linux/amd64/libzstd-jni-1.5.7-28.so",
                            "linux/amd64/README");
            assertThat(trimmed.getEntry("x/Main.class").getMethod()).isEqualTo(ZipEntry.STORED);
            for (var entry : trimmed.stream().toList()) {
                assertThat(trimmed.getInputStream(entry).readAllBytes()).isEqualTo(entries.get(entry.getName()));
            }
        }
    }
}
