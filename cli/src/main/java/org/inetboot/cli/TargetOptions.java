package org.inetboot.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.inetboot.boot.EntryChoice;
import org.inetboot.boot.Stage2;
import org.inetboot.boot.TargetBoot;
import picocli.CommandLine.Option;

/** Which entry of an image to boot, and with what: what {@code boot} and {@code prepare} share. */
final class TargetOptions {

    @Option(
            names = "--entry",
            paramLabel = "LABEL|N",
            description =
                    "The entry to boot: its label or its number in `inetboot entries` (default: the menu's default).")
    String entry;

    @Option(
            names = "--xen",
            description = "Without --entry: boot the image's Xen entry (multiboot2 with the kernel as dom0), as the"
                    + " medium's bootxen=1 or inetboot.xen=1 do.")
    boolean xen;

    @Option(names = "--append", paramLabel = "ARGS", defaultValue = "", description = "More kernel arguments.")
    String append;

    @Option(
            names = "--stage2",
            paramLabel = "FILE",
            description = "Stage 2's payload (a medium's stage2.cpio.zst): the target then reads its medium over HTTP"
                    + " (prepare's default: that of the medium built for this inetboot in the user's cache).")
    Path payload;

    @Option(
            names = "--stage2-module",
            paramLabel = "NAME|MODALIAS",
            description =
                    "With --stage2: another module of the target's kernel to load (nbd always is), e.g. the NIC's. Repeatable.")
    List<String> modules = new ArrayList<>();

    TargetBoot.Chooser chooser(boolean uefi) {
        return menus -> EntryChoice.choose(menus.entries(), entry, uefi, xen);
    }

    /** Stage 2 with nbd, {@code defaults} and the modules asked for, if a payload was given. */
    Optional<Stage2> stage2(List<String> defaults) {
        return Optional.ofNullable(payload)
                .map(file -> new Stage2(
                        file,
                        Stream.of(Stream.of("nbd"), defaults.stream(), modules.stream())
                                .flatMap(s -> s)
                                .distinct()
                                .toList(),
                        List.of()));
    }
}
