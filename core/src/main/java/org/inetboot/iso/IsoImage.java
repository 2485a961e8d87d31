package org.inetboot.iso;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inetboot.source.Source;

/**
 * An ISO 9660 image read lazily from a {@link Source}: opening reads only the volume
 * descriptors and the root's first record, listing a directory reads only its extent, and a
 * file's content is read only when it is read.
 *
 * <p>Names are shown as Linux isofs shows them: Rock Ridge names when the primary tree has Rock
 * Ridge, else Joliet names when there is a Joliet tree, else ISO names without their version
 * and trailing dot. Everything read from the image is bounds-checked, and walks are limited in
 * depth and breadth, so a hostile image ends in an {@link IsoFormatException}.
 */
public final class IsoImage {

    static final int SECTOR = 2048;
    private static final int MAX_DIRECTORY_BYTES = 32 << 20;
    private static final int MAX_DEPTH = 256;
    private static final int MAX_SYMLINKS = 40;
    private static final long MAX_WALK_ENTRIES = 4_000_000;

    /** The names an image's tree gives its entries. */
    enum Names {
        ROCK_RIDGE,
        JOLIET,
        ISO
    }

    private final Source source;
    private final Volume volume;
    private final Names names;
    private final int suspSkip;
    private final IsoEntry root;

    private IsoImage(Source source, Volume volume, Names names, int suspSkip, IsoEntry root) {
        this.source = source;
        this.volume = volume;
        this.names = names;
        this.suspSkip = suspSkip;
        this.root = root;
    }

    public static IsoImage open(Source source) throws IOException {
        var volume = Volume.read(source, source.name());
        var primary = DirectoryRecord.parse(volume.primaryRoot(), 0, 34, 16L * SECTOR + 156, source.name(), "/");
        // SUSP announces itself with SP at the start of the root's "." record (IEEE P1281 5.3)
        var rockRidge = systemUse(source, firstRecord(source, primary.dataOffset(), "/"), 0, "/");
        boolean hasRockRidge = rockRidge.suspSkip() != null && (rockRidge.declaresRockRidge() || rockRidge.present());
        Names names = hasRockRidge ? Names.ROCK_RIDGE : volume.jolietRoot() != null ? Names.JOLIET : Names.ISO;
        var rootRecord = names == Names.JOLIET
                ? DirectoryRecord.parse(volume.jolietRoot(), 0, 34, 16L * SECTOR + 156, source.name(), "/")
                : primary;
        var root = new IsoEntry(
                "/",
                "",
                IsoEntry.Type.DIR,
                rootRecord.dataLength(),
                rockRidge.mode(),
                rockRidge.modified() != null ? rockRidge.modified() : rootRecord.recorded(),
                null,
                List.of(new IsoEntry.Extent(rootRecord.dataOffset(), rootRecord.dataLength())),
                null);
        return new IsoImage(source, volume, names, hasRockRidge ? rockRidge.suspSkip() : 0, root);
    }

    /** Whether the image has an ISO 9660 volume descriptor where one must be. */
    public static boolean isIso(Source source) throws IOException {
        long at = 16L * SECTOR;
        return source.size() >= at + SECTOR
                && Fields.ascii(source.readBytes(at + 1, 5), 0, 5).equals("CD001");
    }

    public String name() {
        return source.name();
    }

    public String volumeId() {
        return volume.volumeId();
    }

    /** Which names the image shows: "rockridge", "joliet" or "iso9660". */
    public String naming() {
        return switch (names) {
            case ROCK_RIDGE -> "rockridge";
            case JOLIET -> "joliet";
            case ISO -> "iso9660";
        };
    }

    public IsoEntry root() {
        return root;
    }

    /** The El Torito boot catalog's entries; empty when the image has none. */
    public List<BootEntry> bootCatalog() throws IOException {
        return volume.bootCatalogLba() < 0 ? List.of() : ElTorito.read(source, volume.bootCatalogLba());
    }

    /**
     * The entry at {@code path}. Symbolic links inside the image are followed in every
     * component but the last, and in the last too when {@code followLast}.
     */
    public IsoEntry lookup(String path, boolean followLast) throws IOException {
        var todo = components(path);
        var chain = new ArrayList<IsoEntry>(List.of(root));
        int links = 0;
        while (!todo.isEmpty()) {
            var name = todo.pollFirst();
            if (name.equals("..")) {
                if (chain.size() > 1) {
                    chain.removeLast();
                }
                continue;
            }
            var dir = chain.getLast();
            if (!dir.isDirectory()) {
                throw new IsoNotFoundException(
                        name(), dir.path(), dir.extents().getFirst().offset(), "not a directory");
            }
            var child = find(dir, name);
            if (child.type() == IsoEntry.Type.SYMLINK && (followLast || !todo.isEmpty())) {
                if (++links > MAX_SYMLINKS) {
                    throw new IsoFormatException(name(), child.path(), 0, "too many levels of symbolic links");
                }
                var target = components(child.target());
                if (child.target().startsWith("/")) {
                    chain.subList(1, chain.size()).clear();
                }
                while (!target.isEmpty()) {
                    todo.addFirst(target.pollLast());
                }
                continue;
            }
            descend(chain, child);
        }
        return chain.getLast();
    }

    /** The entry at {@code path} (links followed), or empty when there is none. */
    public Optional<IsoEntry> find(String path) throws IOException {
        try {
            return Optional.of(lookup(path, true));
        } catch (IsoNotFoundException e) {
            return Optional.empty();
        }
    }

    private IsoEntry find(IsoEntry dir, String name) throws IOException {
        for (var entry : list(dir)) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        var path = (dir.path().equals("/") ? "" : dir.path()) + "/" + name;
        throw new IsoNotFoundException(name(), path, dir.extents().getFirst().offset(), "no such file or directory");
    }

    /** Adds {@code child} to a chain of directories from the root, refusing cycles and absurd depths. */
    private void descend(List<IsoEntry> chain, IsoEntry child) throws IsoFormatException {
        if (child.isDirectory()) {
            long offset = child.extents().getFirst().offset();
            if (chain.stream().anyMatch(e -> e.extents().getFirst().offset() == offset)) {
                throw new IsoFormatException(name(), child.path(), offset, "directory cycle: it contains itself");
            }
        }
        if (chain.size() >= MAX_DEPTH) {
            throw new IsoFormatException(name(), child.path(), 0, "directories nested deeper than " + MAX_DEPTH);
        }
        chain.add(child);
    }

    private static ArrayDeque<String> components(String path) {
        var parts = new ArrayDeque<String>();
        for (var part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** Visits {@code start} and, for a directory, everything below it, depth first in directory order. */
    public void walk(IsoEntry start, Visitor visitor) throws IOException {
        walk(start, new ArrayList<>(), visitor, new Walked());
    }

    /**
     * What a walk has seen: its entries, and the directories by extent. Each directory of an image
     * has an extent of its own, so a shared one is refused: a few kilobytes of records pointing at
     * one another's extents would otherwise expand into millions of entries without a cycle.
     */
    private static final class Walked {
        final Map<Long, String> directories = new HashMap<>();
        long entries;
    }

    /** Receives the entries of a walk. */
    @FunctionalInterface
    public interface Visitor {
        void visit(IsoEntry entry) throws IOException;
    }

    private void walk(IsoEntry entry, List<IsoEntry> chain, Visitor visitor, Walked walked) throws IOException {
        if (++walked.entries > MAX_WALK_ENTRIES) {
            throw new IsoFormatException(name(), entry.path(), 0, "more than " + MAX_WALK_ENTRIES + " entries");
        }
        visitor.visit(entry);
        if (entry.isDirectory()) {
            descend(chain, entry);
            long offset = entry.extents().getFirst().offset();
            var other = walked.directories.putIfAbsent(offset, entry.path());
            if (other != null) {
                throw new IsoFormatException(
                        name(), entry.path(), offset, "the directory shares its extent with " + other);
            }
            for (var child : list(entry)) {
                walk(child, chain, visitor, walked);
            }
            chain.removeLast();
        }
    }

    /** The entries of a directory, without "." and "..", in the order the image records them. */
    public List<IsoEntry> list(IsoEntry dir) throws IOException {
        if (!dir.isDirectory()) {
            throw new IsoFormatException(name(), dir.path(), location(dir), "not a directory");
        }
        var extent = dir.extents().getFirst();
        if (extent.length() > MAX_DIRECTORY_BYTES) {
            throw new IsoFormatException(
                    name(), dir.path(), extent.offset(), "directory of " + extent.length() + " bytes");
        }
        checkInside(dir.path(), extent.offset(), extent.length());
        var bytes = source.readBytes(extent.offset(), (int) extent.length());
        var entries = new ArrayList<IsoEntry>();
        var group = new ArrayList<DirectoryRecord>();
        for (int pos = 0; pos < bytes.length; ) {
            if (Fields.u8(bytes, pos) == 0) {
                pos = (pos / SECTOR + 1) * SECTOR; // records never cross a sector: the rest is padding
                continue;
            }
            var record = DirectoryRecord.parse(bytes, pos, bytes.length, extent.offset(), name(), dir.path());
            pos += Fields.u8(bytes, pos);
            if (record.isSelfOrParent()) {
                continue;
            }
            if (!group.isEmpty() && !Arrays.equals(group.getFirst().name(), record.name())) {
                throw new IsoFormatException(
                        name(), dir.path(), record.offset(), "a multi-extent file ends without its final extent");
            }
            group.add(record);
            if (!record.has(DirectoryRecord.FLAG_NOT_FINAL)) {
                var entry = entry(dir, group);
                if (entry != null) {
                    entries.add(entry);
                }
                group.clear();
            }
        }
        if (!group.isEmpty()) {
            throw new IsoFormatException(
                    name(), dir.path(), group.getLast().offset(), "a multi-extent file ends without its final extent");
        }
        return entries;
    }

    /** The entry for a record (or the records of a multi-extent file); null for those Linux hides. */
    private IsoEntry entry(IsoEntry dir, List<DirectoryRecord> records) throws IOException {
        var first = records.getFirst();
        if (first.has(DirectoryRecord.FLAG_ASSOCIATED)) {
            return null;
        }
        var rockRidge = names == Names.ROCK_RIDGE ? systemUse(first, dir.path()) : RockRidge.NONE;
        if (rockRidge.relocated()) {
            return null;
        }
        var name = name(first, rockRidge, dir.path());
        var path = (dir.path().equals("/") ? "" : dir.path()) + "/" + name;
        if (rockRidge.childLink() != null) {
            return relocated(path, name, rockRidge.childLink());
        }
        var type = type(first, rockRidge);
        var extents = records.stream()
                .map(r -> new IsoEntry.Extent(r.dataOffset(), r.dataLength()))
                .toList();
        long size = switch (type) {
            case FILE ->
                rockRidge.zisofs() != null
                        ? rockRidge.zisofs().size()
                        : extents.stream().mapToLong(IsoEntry.Extent::length).sum();
            case DIR -> first.dataLength();
            case SYMLINK -> rockRidge.symlink().getBytes(StandardCharsets.UTF_8).length;
            case OTHER -> 0;
        };
        var modified = rockRidge.modified() != null ? rockRidge.modified() : first.recorded();
        return new IsoEntry(
                path,
                name,
                type,
                size,
                rockRidge.mode(),
                modified,
                rockRidge.symlink(),
                type == IsoEntry.Type.DIR ? extents.subList(0, 1) : extents,
                type == IsoEntry.Type.FILE ? rockRidge.zisofs() : null);
    }

    /** A deep directory that Rock Ridge moved (CL): its attributes are in the "." record where it now lies. */
    private IsoEntry relocated(String path, String name, long lba) throws IOException {
        var self = firstRecord(source, lba * SECTOR, path);
        var rockRidge = systemUse(self, path);
        var modified = rockRidge.modified() != null ? rockRidge.modified() : self.recorded();
        return new IsoEntry(
                path,
                name,
                IsoEntry.Type.DIR,
                self.dataLength(),
                rockRidge.mode(),
                modified,
                null,
                List.of(new IsoEntry.Extent(self.dataOffset(), self.dataLength())),
                null);
    }

    private RockRidge systemUse(DirectoryRecord record, String path) throws IOException {
        return systemUse(source, record, suspSkip, path);
    }

    private static RockRidge systemUse(Source source, DirectoryRecord record, int skip, String path)
            throws IOException {
        int from = record.systemUseFrom() + skip;
        if (from >= record.systemUseTo()) {
            return RockRidge.NONE;
        }
        return SystemUseParser.parse(
                record.bytes(),
                from,
                record.systemUseTo(),
                record.base(),
                (offset, length, p) -> {
                    checkInside(source, p, offset, length);
                    return source.readBytes(offset, length);
                },
                source.name(),
                path);
    }

    private String name(DirectoryRecord record, RockRidge rockRidge, String dirPath) throws IsoFormatException {
        var name = switch (names) {
            case ROCK_RIDGE -> rockRidge.name() != null ? rockRidge.name() : isoName(record);
            case JOLIET -> strip(new String(record.name(), StandardCharsets.UTF_16BE), true);
            case ISO -> isoName(record);
        };
        if (name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IsoFormatException(
                    name(), dirPath, record.offset(), "invalid file name '" + name.replace("\0", "\\0") + "'");
        }
        return name;
    }

    private static String isoName(DirectoryRecord record) {
        return strip(
                new String(record.name(), StandardCharsets.ISO_8859_1), !record.has(DirectoryRecord.FLAG_DIRECTORY));
    }

    /** Drops the ";1" version and the trailing dots that ISO names carry. */
    private static String strip(String name, boolean file) {
        if (!file) {
            return name;
        }
        int semicolon = name.lastIndexOf(';');
        var base = semicolon >= 0 ? name.substring(0, semicolon) : name;
        int end = base.length();
        while (end > 1 && base.charAt(end - 1) == '.') {
            end--;
        }
        return base.substring(0, end);
    }

    private static IsoEntry.Type type(DirectoryRecord record, RockRidge rockRidge) {
        if (record.has(DirectoryRecord.FLAG_DIRECTORY)) {
            return IsoEntry.Type.DIR;
        }
        if (rockRidge.symlink() != null) {
            return IsoEntry.Type.SYMLINK;
        }
        if (rockRidge.mode() != null && (rockRidge.mode() & 0170000) != 0100000 && (rockRidge.mode() & 0170000) != 0) {
            return IsoEntry.Type.OTHER;
        }
        return IsoEntry.Type.FILE;
    }

    /** The content of a regular file: its extents in order, decompressed if zisofs. */
    public Source open(IsoEntry file) throws IOException {
        if (file.type() != IsoEntry.Type.FILE) {
            throw new IsoFormatException(name(), file.path(), location(file), "not a regular file");
        }
        for (var extent : file.extents()) {
            checkInside(file.path(), extent.offset(), extent.length());
        }
        var stored = new ExtentSource(source, name() + ":" + file.path(), file.extents());
        return file.zisofs() == null ? stored : ZisofsSource.open(stored, file.zisofs(), name(), file.path());
    }

    /** Where an entry's content starts in the image, for error messages; 0 for those without content. */
    private static long location(IsoEntry entry) {
        return entry.extents().isEmpty() ? 0 : entry.extents().getFirst().offset();
    }

    private void checkInside(String path, long offset, long length) throws IsoFormatException {
        checkInside(source, path, offset, length);
    }

    private static void checkInside(Source source, String path, long offset, long length) throws IsoFormatException {
        if (offset < 0 || length < 0 || offset > source.size() - length) {
            throw new IsoFormatException(
                    source.name(),
                    path,
                    offset,
                    length + " bytes there lie past the end of the image (" + source.size()
                            + " bytes; is it truncated?)");
        }
    }

    /** The first record of a directory, its "." entry. */
    private static DirectoryRecord firstRecord(Source source, long offset, String path) throws IOException {
        checkInside(source, path, offset, SECTOR);
        var sector = source.readBytes(offset, SECTOR);
        return DirectoryRecord.parse(sector, 0, SECTOR, offset, source.name(), path);
    }
}
