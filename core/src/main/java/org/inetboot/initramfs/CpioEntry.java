package org.inetboot.initramfs;

import java.util.Locale;

/**
 * One newc cpio header (070701, or 070702 with a checksum).
 *
 * @param name the name as stored, e.g. "usr/bin/busybox" or "."
 * @param size bytes of data (a symlink's data is its target; earlier links of a hard-link group have none)
 */
public record CpioEntry(
        String name,
        int mode,
        long uid,
        long gid,
        long nlink,
        long mtime,
        long size,
        long ino,
        long devMajor,
        long devMinor,
        long rdevMajor,
        long rdevMinor) {

    public static final String TRAILER = "TRAILER!!!";

    static final int S_IFMT = 0170000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;

    public String type() {
        return switch (mode & S_IFMT) {
            case S_IFDIR -> "dir";
            case S_IFREG -> "file";
            case S_IFLNK -> "symlink";
            case 0020000 -> "char";
            case 0060000 -> "block";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            default -> "unknown";
        };
    }

    public boolean isFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** The name as lsinitramfs prints it: relative, without a leading "/" or "./". */
    public String path() {
        var path = name;
        while (path.startsWith("/") || path.startsWith("./")) {
            path = path.substring(path.startsWith("/") ? 1 : 2);
        }
        return path.isEmpty() ? "." : path;
    }

    public String permissions() {
        return String.format(Locale.ROOT, "%04o", mode & 07777);
    }
}
