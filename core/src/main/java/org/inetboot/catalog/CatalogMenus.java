package org.inetboot.catalog;

import java.util.regex.Pattern;

/**
 * The catalog as boot-loader menus that start the medium's kernel pair with {@code inetboot.url=}
 * for the image chosen: an iPXE script ({@code boot.ipxe}) and a GRUB configuration
 * ({@code grub.cfg}, for a USB stick or an existing boot loader). Image names are written with
 * what neither loader reads as syntax; URLs are percent-encoded by the catalog already.
 */
public final class CatalogMenus {

    /** What may stand in a menu's title as it is; anything else becomes '_'. */
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9 ._+()\\-]");

    private CatalogMenus() {}

    /**
     * @param medium    the URL of the directory with the medium's {@code vmlinuz} and {@code initrd.img}
     * @param arguments the medium's own kernel arguments (its console)
     */
    public static String ipxe(Catalog catalog, String medium, String arguments) {
        var script = new StringBuilder("#!ipxe\n# written by inetboot publish: the medium boots the image chosen\n");
        script.append("menu InetBoot: boot an image over HTTP\n");
        for (int i = 0; i < catalog.images().size(); i++) {
            script.append("item image")
                    .append(i + 1)
                    .append(' ')
                    .append(title(catalog.images().get(i)))
                    .append('\n');
        }
        script.append("item --gap\nitem shell iPXE's shell\n");
        script.append("choose --default image1 --timeout 10000 target || goto shell\ngoto ${target}\n");
        for (int i = 0; i < catalog.images().size(); i++) {
            var image = catalog.images().get(i);
            script.append(":image")
                    .append(i + 1)
                    .append('\n')
                    .append("kernel ")
                    .append(medium)
                    .append("/vmlinuz initrd=initrd.img ")
                    .append(arguments)
                    .append(" inetboot.url=")
                    .append(image.url())
                    .append('\n')
                    .append("initrd ")
                    .append(medium)
                    .append("/initrd.img\nboot || goto shell\n");
        }
        return script.append(":shell\nshell\n").toString();
    }

    /** {@code kernel} and {@code initrd}: the medium's files as GRUB finds them (on the stick: /boot/...). */
    public static String grub(Catalog catalog, String kernel, String initrd, String arguments) {
        var menu = new StringBuilder("# written by inetboot publish: the medium boots the image chosen\n");
        menu.append("set timeout=10\nserial --unit=0 --speed=115200\nterminal_input console serial\n")
                .append("terminal_output console serial\n");
        for (var image : catalog.images()) {
            menu.append("menuentry '")
                    .append(title(image))
                    .append("' {\n")
                    .append("    linux ")
                    .append(kernel)
                    .append(' ')
                    .append(arguments)
                    .append(" inetboot.url=")
                    .append(image.url())
                    .append('\n')
                    .append("    initrd ")
                    .append(initrd)
                    .append("\n}\n");
        }
        return menu.toString();
    }

    /** The image as a menu shows it: its name, family and number of entries. */
    static String title(Catalog.Image image) {
        var entries = image.entries().size();
        return UNSAFE.matcher(image.name()).replaceAll("_") + " (" + image.distro() + ", " + entries
                + (entries == 1 ? " entry)" : " entries)");
    }
}
