package org.inetboot.media;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inetboot.agent.AgentFiles;
import org.inetboot.boot.Stage2;
import org.inetboot.host.Trees;
import org.inetboot.initramfs.Compression;
import org.inetboot.initramfs.Overlay;

/**
 * Stage 2's payload, made once when the medium is built and appended unchanged to every target's
 * initrd: {@value Stage2#INIT} and a {@link RuntimeTree} under {@value Stage2#ROOT}, as one zstd
 * archive (modern kernels all unpack zstd; stage 1 never recompresses it at boot).
 */
final class Stage2Payload {

    private Stage2Payload() {}

    static void write(RuntimeTree runtime, Path work, Path out) throws IOException {
        var tree = Files.createDirectories(work.resolve("stage2"));
        runtime.write(tree.resolve(Stage2.ROOT));
        Trees.executable(tree.resolve(Stage2.INIT.substring(1)), AgentFiles.stage2Init());
        try (var archive = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            Overlay.write(tree, 0, Compression.ZSTD, archive);
        }
    }
}
