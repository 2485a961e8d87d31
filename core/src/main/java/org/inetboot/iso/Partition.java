package org.inetboot.iso;

/**
 * A partition in an image's system area (hybrid images carry an MBR and/or a GPT).
 *
 * @param scheme   "mbr" or "gpt"
 * @param number   1-based, as the table numbers it
 * @param type     the MBR type byte as "0xef", or the GPT type GUID
 * @param start    its first byte in the image
 * @param size     its length in bytes
 * @param name     the GPT partition name, else null
 * @param bootable the MBR active flag (false for GPT)
 */
public record Partition(String scheme, int number, String type, long start, long size, String name, boolean bootable) {}
