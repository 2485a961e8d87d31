package org.inetboot.iso;

import java.time.Instant;
import java.util.List;

/**
 * A file, directory, symbolic link or other node of an ISO image, as Linux isofs shows it.
 *
 * @param path     absolute inside the image, e.g. {@code /boot/grub/grub.cfg}
 * @param size     bytes of content (uncompressed for zisofs), a directory's extent, a link's target length
 * @param mode     Rock Ridge's mode bits (type and permissions), or null without Rock Ridge
 * @param modified the modification time, or null when the image does not say
 * @param target   a symbolic link's target, else null
 * @param extents  where the content lies in the image, in order (several for multi-extent files)
 * @param zisofs   how the content is compressed, or null
 */
public record IsoEntry(
        String path,
        String name,
        Type type,
        long size,
        Integer mode,
        Instant modified,
        String target,
        List<Extent> extents,
        Zisofs zisofs) {

    public enum Type {
        FILE,
        DIR,
        SYMLINK,
        OTHER
    }

    /** {@code length} bytes at byte {@code offset} of the image. */
    public record Extent(long offset, long length) {}

    /** zisofs compression (Rock Ridge ZF): the header's size and the block size as a power of two. */
    public record Zisofs(int headerSize, int blockLog2, long size) {}

    public IsoEntry {
        extents = List.copyOf(extents);
    }

    public boolean isDirectory() {
        return type == Type.DIR;
    }

    /** Permission bits as octal, e.g. "0755", or null without Rock Ridge. */
    public String permissions() {
        return mode == null ? null : String.format("%04o", mode & 07777);
    }
}
