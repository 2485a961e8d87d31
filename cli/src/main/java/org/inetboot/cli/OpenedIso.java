package org.inetboot.cli;

import java.io.IOException;
import org.inetboot.image.Image;
import org.inetboot.iso.IsoImage;

/** An image opened through the source stack and read as ISO 9660. */
record OpenedIso(Image image, IsoImage iso) implements AutoCloseable {

    static OpenedIso open(Main main, String location) throws IOException {
        var image = main.open(location);
        try {
            return new OpenedIso(image, IsoImage.open(image.source()));
        } catch (IOException | RuntimeException e) {
            image.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        image.close();
    }
}
