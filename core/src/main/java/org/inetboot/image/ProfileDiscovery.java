package org.inetboot.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.inetboot.profile.BootProfile;
import org.inetboot.source.ImageNotFoundException;

/**
 * Finds an image's boot profile: at the URL given ({@code inetboot.profile=}), else beside the
 * image, at the image's URL plus {@value #SUFFIX}. No profile there is the normal case and says
 * nothing; one that cannot be fetched or read is a one-line warning, and the boot goes on
 * without it. Whether it belongs to the image (size and validator) is checked when the image is
 * opened with it.
 */
public final class ProfileDiscovery {

    public static final String SUFFIX = ".profile";
    /**
     * A profile larger than this is no boot's (65,536 extents take about 1.6 MB): refused before it
     * is read, so that parsing a hostile one stays within stage 2's small heap.
     */
    static final long MAX_BYTES = 2L << 20;

    private ProfileDiscovery() {}

    public static Optional<BootProfile> find(
            String image, String explicit, OpenOptions options, Consumer<String> warn) {
        var location = explicit != null ? explicit : image + SUFFIX;
        String text;
        try {
            text = new String(Documents.read(location, options, MAX_BYTES, "boot profile"), StandardCharsets.UTF_8);
        } catch (ImageNotFoundException e) {
            if (explicit != null) {
                warn.accept("boot profile not used: " + e.getMessage());
            }
            return Optional.empty();
        } catch (IOException e) {
            warn.accept("boot profile not used: " + e.getMessage());
            return Optional.empty();
        }
        try {
            return Optional.of(BootProfile.parse(text, location));
        } catch (IOException e) {
            warn.accept("boot profile ignored: " + e.getMessage());
            return Optional.empty();
        }
    }
}
