package org.inetboot.nbd;

/** Numbers of the NBD protocol (doc/proto.md of the NBD project), fixed newstyle. */
final class Nbd {

    private Nbd() {}

    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;

    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 2;

    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_LIST = 3;
    static final int OPT_INFO = 6;
    static final int OPT_GO = 7;

    static final int REP_ACK = 1;
    static final int REP_SERVER = 2;
    static final int REP_INFO = 3;
    static final int REP_ERR_UNSUP = 0x80000001;
    static final int REP_ERR_INVALID = 0x80000003;
    static final int REP_ERR_UNKNOWN = 0x80000006;

    static final int INFO_EXPORT = 0;
    static final int INFO_BLOCK_SIZE = 3;

    static final int TRANSMISSION_FLAGS = 1 /* HAS_FLAGS */
            | 2 /* READ_ONLY */
            | 4 /* SEND_FLUSH */
            | 256 /* CAN_MULTI_CONN */
            | 1024 /* SEND_CACHE */;

    static final int CMD_READ = 0;
    static final int CMD_WRITE = 1;
    static final int CMD_DISC = 2;
    static final int CMD_FLUSH = 3;
    static final int CMD_TRIM = 4;
    static final int CMD_CACHE = 5;
    static final int CMD_WRITE_ZEROES = 6;

    static final int EPERM = 1;
    static final int EIO = 5;
    static final int EINVAL = 22;

    /** The largest request served; the block-size constraint announced to clients. */
    static final int MAX_REQUEST = 32 << 20;

    static final int PREFERRED_BLOCK = 64 << 10;
}
