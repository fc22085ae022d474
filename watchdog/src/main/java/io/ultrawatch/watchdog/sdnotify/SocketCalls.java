package io.ultrawatch.watchdog.sdnotify;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.charset.StandardCharsets;

/**
 * The libc calls a Unix datagram socket needs, which Java 17 does not offer ({@code UnixDomainSocketAddress} is for
 * stream channels only): {@code socket}, {@code bind}, {@code recvmsg} with ancillary data, {@code poll} and an
 * {@code eventfd} to wake the poll. JNA comes with OSHI and already binds libc for signals and flock; this is the
 * smallest binding that does the job, written against the Linux LP64 ABI (x86_64, aarch64), whose struct layouts
 * are spelled out below as offsets rather than JNA {@code Structure}s, because one receive buffer reused for every
 * datagram costs no allocation per message.
 */
interface SocketCalls extends Library {
    SocketCalls LIBC = Native.load("c", SocketCalls.class);

    int AF_UNIX = 1;
    int SOCK_DGRAM = 2;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    /** Ask the kernel to attach the sender's pid, uid and gid to every datagram (SCM_CREDENTIALS). */
    int SO_PASSCRED = 16;
    int SCM_RIGHTS = 1;
    int SCM_CREDENTIALS = 2;
    int MSG_TRUNC = 0x20;
    int MSG_CTRUNC = 0x8;
    int MSG_DONTWAIT = 0x40;
    int MSG_CMSG_CLOEXEC = 0x40000000;
    short POLLIN = 0x1;
    int EFD_NONBLOCK = 0x800;
    int EFD_CLOEXEC = 0x80000;
    int EAGAIN = 11;
    int EINTR = 4;

    /** {@code sizeof(struct sockaddr_un)}: a 2-byte family and 108 bytes of path, NUL included. */
    int SOCKADDR_UN_SIZE = 110;
    /** The longest socket path in bytes (the path and its NUL fill {@code sun_path}). */
    int MAX_PATH_BYTES = 107;

    // struct msghdr (56 bytes): name, namelen, iov, iovlen, control, controllen, flags.
    int MSGHDR_SIZE = 56;
    int MSG_IOV = 16;
    int MSG_IOVLEN = 24;
    int MSG_CONTROL = 32;
    int MSG_CONTROLLEN = 40;
    int MSG_FLAGS = 48;
    // struct iovec (16 bytes): base, len.
    int IOVEC_SIZE = 16;
    // struct cmsghdr: len (size_t), level, type, then the data aligned to 8.
    int CMSG_HEADER = 16;
    // struct pollfd (8 bytes): fd, events, revents.
    int POLLFD_SIZE = 8;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, Pointer address, int length) throws LastErrorException;

    int setsockopt(int fd, int level, int name, IntByReference value, int length) throws LastErrorException;

    NativeLong recvmsg(int fd, Pointer message, int flags) throws LastErrorException;

    int poll(Pointer fds, NativeLong count, int timeoutMs) throws LastErrorException;

    int eventfd(int initial, int flags) throws LastErrorException;

    NativeLong read(int fd, Pointer buffer, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, Pointer buffer, NativeLong count) throws LastErrorException;

    int close(int fd);

    int getuid();

    /** A {@code struct sockaddr_un} for a path, or null when the path is too long for one. */
    static Memory address(String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PATH_BYTES) {
            return null;
        }
        Memory m = new Memory(SOCKADDR_UN_SIZE);
        m.clear();
        m.setShort(0, (short) AF_UNIX);
        m.write(2, bytes, 0, bytes.length);
        return m;
    }

    /** {@code CMSG_ALIGN}: ancillary items are padded to the size of a long. */
    static long align(long length) {
        return (length + 7) & ~7L;
    }
}
