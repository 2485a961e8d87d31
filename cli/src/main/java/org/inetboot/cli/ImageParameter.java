package org.inetboot.cli;

import picocli.CommandLine.Parameters;

/** The IMAGE every reading command starts with. */
final class ImageParameter {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "An http(s):// or file:// URL, or a local path.")
    String location;
}
