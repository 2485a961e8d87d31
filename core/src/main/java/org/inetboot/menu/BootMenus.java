package org.inetboot.menu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inetboot.iso.BootEntry;
import org.inetboot.iso.IsoEntry;
import org.inetboot.iso.IsoImage;

/**
 * An ISO's boot menus, read: the syslinux/isolinux menu (BIOS) and the GRUB menu (UEFI, and BIOS
 * too when GRUB is the BIOS boot loader), merged so that a boot both menus offer appears once,
 * marked "both"; and the distro family. Plain data: reading them has no effect.
 */
public final class BootMenus {

    private static final List<String> SYSLINUX = List.of(
            "/isolinux/isolinux.cfg",
            "/boot/isolinux/isolinux.cfg",
            "/isolinux.cfg",
            "/syslinux/syslinux.cfg",
            "/boot/syslinux/syslinux.cfg",
            "/syslinux.cfg",
            "/boot/syslinux/isolinux.cfg",
            "/syslinux/isolinux.cfg",
            "/boot/x86_64/loader/isolinux.cfg");
    private static final List<String> GRUB = List.of(
            "/boot/grub/grub.cfg",
            "/boot/grub2/grub.cfg",
            "/EFI/BOOT/grub.cfg",
            "/EFI/boot/grub.cfg",
            "/boot/grub/loopback.cfg");

    /** The result: the family, the entries in menu order, and what could not be read. */
    public record Menus(DistroFamily distro, List<MenuEntry> entries, List<String> warnings) {}

    private BootMenus() {}

    public static Menus read(IsoImage iso) throws IOException {
        ConfigFiles files = path -> text(iso, path);
        var warnings = new ArrayList<String>();
        var bios = first(iso, SYSLINUX).map(path -> SyslinuxParser.parse(files, path));
        var grubPath = first(iso, GRUB);
        var grub = grubPath.map(
                path -> GrubParser.parse(files, path, Map.of("root", "cd0", "prefix", "(cd0)" + Paths.parent(path))));
        var entries = new ArrayList<MenuEntry>();
        bios.ifPresent(parse -> {
            entries.addAll(parse.entries());
            warnings.addAll(parse.warnings());
        });
        if (grub.isPresent()) {
            var firmware = grubFirmware(iso, bios.isPresent());
            warnings.addAll(grub.get().warnings());
            for (var entry : grub.get().entries()) {
                merge(entries, entry.withFirmware(firmware));
            }
        }
        var distro = DistroDetector.detect(path -> exists(iso, path), entries);
        return new Menus(distro, entries, warnings);
    }

    /** GRUB serves UEFI; it serves BIOS too when it is the BIOS boot loader (no syslinux menu beside it). */
    private static MenuEntry.Firmware grubFirmware(IsoImage iso, boolean hasSyslinux) throws IOException {
        boolean biosBoot = iso.bootCatalog().stream().map(BootEntry::platform).anyMatch("bios"::equals)
                || exists(iso, "/boot/grub/i386-pc");
        return !hasSyslinux && biosBoot ? MenuEntry.Firmware.BOTH : MenuEntry.Firmware.UEFI;
    }

    /** Pairs a GRUB entry with a BIOS entry that boots the same, of the same label if there is one. */
    private static void merge(List<MenuEntry> entries, MenuEntry entry) {
        int match = -1;
        for (int i = 0; i < entries.size(); i++) {
            var known = entries.get(i);
            if (known.firmware() == MenuEntry.Firmware.BIOS && known.sameBoot(entry)) {
                if (known.label().equals(entry.label())) {
                    match = i;
                    break;
                }
                match = match < 0 ? i : match;
            }
        }
        if (match < 0) {
            entries.add(entry);
        } else {
            entries.set(match, entries.get(match).mergedWith(entry));
        }
    }

    private static Optional<String> first(IsoImage iso, List<String> candidates) throws IOException {
        for (var path : candidates) {
            if (exists(iso, path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static boolean exists(IsoImage iso, String path) throws IOException {
        return iso.find(path).isPresent();
    }

    /** A configuration file's text, or empty when there is no such file. */
    private static Optional<String> text(IsoImage iso, String path) throws IOException {
        var found = iso.find(path).filter(e -> e.type() == IsoEntry.Type.FILE);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        var entry = found.get();
        if (entry.size() > ConfigReader.MAX_FILE_BYTES) {
            throw new IOException("larger than " + ConfigReader.MAX_FILE_BYTES + " bytes");
        }
        var content = iso.open(entry);
        return Optional.of(new String(content.readBytes(0, (int) content.size()), StandardCharsets.UTF_8));
    }
}
