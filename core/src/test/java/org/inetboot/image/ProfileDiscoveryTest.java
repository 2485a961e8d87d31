package org.inetboot.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inetboot.profile.BootProfile;
import org.inetboot.profile.BootProfile.Extent;
import org.inetboot.source.Stats;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a boot finds its profile, and what it says when the profile is missing, broken or another image's. */
class ProfileDiscoveryTest {

    @TempDir
    static Path dir;

    static Nginx nginx;
    static String image;
    static BootProfile profile;

    private final List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void serve() throws Exception {
        var www = Files.createDirectories(dir.resolve("www"));
        Files.write(www.resolve("live.iso"), SampleFiles.bytes(1 << 20, 5));
        Files.write(www.resolve("bare.iso"), SampleFiles.bytes((1 << 20) + 1, 6));
        nginx = Nginx.serve(www, dir.resolve("nginx"));
        image = url("live.iso");
        try (var opened = Image.open(image, OpenOptions.DEFAULT, new Stats())) {
            var info = opened.httpInfo().orElseThrow();
            profile = new BootProfile(info.size(), info.validator(), 65536, 2, List.of(new Extent(65536, 131072)));
        }
        Files.writeString(www.resolve("live.iso.profile"), profile.json());
        Files.writeString(www.resolve("elsewhere.profile"), profile.json());
        Files.writeString(www.resolve("broken.profile"), "{\"format\":\"inetboot-profile\"");
    }

    @AfterAll
    static void stop() throws Exception {
        nginx.close();
    }

    private static String url(String name) {
        return nginx.uri().resolve(name).toString();
    }

    private Optional<BootProfile> find(String imageUrl, String explicit) {
        warnings.clear();
        return ProfileDiscovery.find(imageUrl, explicit, OpenOptions.DEFAULT, warnings::add);
    }

    @Test
    void besideTheImageOrWhereTheCommandLineSays() {
        assertThat(find(image, null)).hasValue(profile);
        assertThat(find(url("bare.iso"), url("elsewhere.profile"))).hasValue(profile);
        assertThat(warnings).isEmpty();
    }

    @Test
    void noProfileBesideTheImageSaysNothing() {
        assertThat(find(url("bare.iso"), null)).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aBrokenOrMissingProfileThatWasAskedForIsOneWarningAndNoProfile() {
        assertThat(find(image, url("broken.profile"))).isEmpty();
        assertThat(warnings)
                .singleElement()
                .asString()
                .startsWith("boot profile ignored: " + url("broken.profile") + " at offset ");
        assertThat(find(image, url("missing.profile"))).isEmpty();
        assertThat(warnings)
                .containsExactly(
                        "boot profile not used: " + url("missing.profile") + " at offset 0: HTTP 404 (not found)");
    }

    @Test
    void anImageOpenedWithAnotherImagesProfileReadsWithoutIt() throws Exception {
        try (var bare = Image.open(url("bare.iso"), OpenOptions.DEFAULT.withProfile(profile), new Stats())) {
            assertThat(bare.replay()).isEmpty();
        }
        try (var live = Image.open(image, OpenOptions.DEFAULT.withProfile(profile), new Stats())) {
            assertThat(live.replay()).isPresent();
        }
    }
}
