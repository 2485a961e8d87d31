package org.inetboot.host;

/** Failures as users see them: one line, the message only. */
public final class Messages {

    private Messages() {}

    public static String oneLine(Throwable e) {
        var message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    public static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
