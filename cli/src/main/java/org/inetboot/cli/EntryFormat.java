package org.inetboot.cli;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.inetboot.iso.IsoEntry;

/** How `ls` shows an entry: a JSON object, a name, or an `ls -l` line. */
final class EntryFormat {

    private static final DateTimeFormatter LONG_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private EntryFormat() {}

    static Map<String, Object> json(IsoEntry entry) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("path", entry.path());
        fields.put("type", entry.type().name().toLowerCase(Locale.ROOT));
        fields.put("size", entry.size());
        fields.put("mode", entry.permissions());
        fields.put("mtime", entry.modified() == null ? null : entry.modified().toString());
        if (entry.type() == IsoEntry.Type.SYMLINK) {
            fields.put("target", entry.target());
        }
        return fields;
    }

    /** {@code drwxr-xr-x  4096  2024-01-31 12:00  name -> target}; without Rock Ridge, modes as Linux isofs shows them. */
    static String longLine(IsoEntry entry, String shownName) {
        var date = entry.modified() == null ? "-" : LONG_DATE.format(entry.modified());
        var link = entry.type() == IsoEntry.Type.SYMLINK ? " -> " + entry.target() : "";
        return String.format("%s %12d  %16s  %s%s", modeString(entry), entry.size(), date, shownName, link);
    }

    private static String modeString(IsoEntry entry) {
        char type = switch (entry.type()) {
            case DIR -> 'd';
            case SYMLINK -> 'l';
            case OTHER -> '?';
            case FILE -> '-';
        };
        int mode = entry.mode() != null ? entry.mode() : entry.isDirectory() ? 0555 : 0444;
        var bits = new StringBuilder().append(type);
        var letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            bits.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return bits.toString();
    }
}
