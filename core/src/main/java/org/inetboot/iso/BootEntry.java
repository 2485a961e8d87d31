package org.inetboot.iso;

/**
 * One bootable image named by the El Torito boot catalog.
 *
 * @param platform    "bios", "uefi", "powerpc", "mac" or the platform id in hex
 * @param mediaType   "no-emulation", "1.2M-floppy", "1.44M-floppy", "2.88M-floppy" or "hard-disk"
 * @param loadSegment where BIOS loads it (0 meaning the default 0x7C0)
 * @param lba         its first 2048-byte sector
 * @param sectorCount the catalog's count of 512-byte sectors (often wrong for UEFI images)
 * @param size        its real size in bytes: for a FAT image, from its boot sector
 * @param initial     the catalog's initial/default entry rather than a section entry
 */
public record BootEntry(
        String platform,
        boolean bootable,
        String mediaType,
        int loadSegment,
        long lba,
        int sectorCount,
        long size,
        boolean initial) {}
