package org.inetboot.iso;

import java.time.Instant;

/**
 * What the System Use area of one directory record says, per SUSP and Rock Ridge. Absent
 * attributes are null; {@code relocated} (RE) marks an entry to hide, {@code childLink} (CL) a
 * deep directory moved elsewhere.
 */
record RockRidge(
        String name,
        Integer mode,
        Long nlink,
        Long uid,
        Long gid,
        Long rdev,
        String symlink,
        Instant modified,
        Long childLink,
        boolean relocated,
        IsoEntry.Zisofs zisofs,
        Integer suspSkip,
        boolean declaresRockRidge) {

    static final RockRidge NONE =
            new RockRidge(null, null, null, null, null, null, null, null, null, false, null, null, false);

    /** True when any Rock Ridge attribute is present. */
    boolean present() {
        return name != null || mode != null || symlink != null || modified != null || childLink != null || relocated;
    }
}
