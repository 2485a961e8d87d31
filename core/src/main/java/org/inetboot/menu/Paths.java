package org.inetboot.menu;

import java.util.ArrayDeque;

/** Path arithmetic for paths inside an image: always absolute, "/"-separated, normalised. */
final class Paths {

    private Paths() {}

    /** {@code path} resolved against directory {@code dir}; a GRUB device prefix like "(cd0)" or "($root)" is dropped. */
    static String resolve(String dir, String path) {
        var bare = path.startsWith("(") && path.indexOf(')') > 0 ? path.substring(path.indexOf(')') + 1) : path;
        var joined = bare.startsWith("/") ? bare : dir + "/" + bare;
        var parts = new ArrayDeque<String>();
        for (var part : joined.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
