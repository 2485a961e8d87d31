package org.inetboot.menu;

import java.io.IOException;
import java.util.List;

/**
 * Recognises an image's family from its files and its menus' kernel arguments, in three passes
 * over the families in order: a marker file present and (for families that have them) a kernel
 * hint in some entry; else a kernel hint alone; else a marker alone.
 */
public final class DistroDetector {

    /** Whether a path exists in the image. */
    @FunctionalInterface
    public interface Files {
        boolean exists(String path) throws IOException;
    }

    private DistroDetector() {}

    public static DistroFamily detect(Files files, List<MenuEntry> entries) throws IOException {
        for (var family : DistroFamily.values()) {
            if (marked(family, files) && (!family.hasHints() || hinted(family, entries))) {
                return family;
            }
        }
        for (var family : DistroFamily.values()) {
            if (hinted(family, entries)) {
                return family;
            }
        }
        for (var family : DistroFamily.values()) {
            if (marked(family, files)) {
                return family;
            }
        }
        return DistroFamily.UNKNOWN;
    }

    private static boolean marked(DistroFamily family, Files files) throws IOException {
        for (var marker : family.markers()) {
            if (files.exists(marker)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hinted(DistroFamily family, List<MenuEntry> entries) {
        return entries.stream().anyMatch(e -> family.hintedBy(e.cmdline()));
    }
}
