package org.inetboot.menu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GRUB's script language, as far as boot menus use it: the lexer and parser that turn a
 * configuration file into a tree of {@link Node}s. Unterminated quotes and blocks do not stop
 * the parse: they are reported as warnings and closed at the end of the file.
 */
final class GrubScript {

    /** A piece of a word: literal text, or a variable to expand. */
    sealed interface Part permits Text, Variable {}

    record Text(String text) implements Part {}

    record Variable(String name) implements Part {}

    /** A word: its parts, and whether any of it was quoted (a quoted "if" is no keyword). */
    record Word(List<Part> parts, boolean quoted) {
        String literal() {
            return parts.size() == 1 && parts.getFirst() instanceof Text(var text) && !quoted ? text : null;
        }

        String expand(Map<String, String> variables) {
            var out = new StringBuilder();
            for (var part : parts) {
                switch (part) {
                    case Text(var text) -> out.append(text);
                    case Variable(var name) -> out.append(variables.getOrDefault(name, ""));
                }
            }
            return out.toString();
        }
    }

    sealed interface Node permits Command, If, For, Skipped, Menu {}

    record Command(List<Word> words, int line) implements Node {}

    /** if/elif/else: each branch's condition (null for else) and body. */
    record If(List<Branch> branches) implements Node {}

    record Branch(List<Node> condition, List<Node> body) {}

    record For(String variable, List<Word> items, List<Node> body) implements Node {}

    /** A while loop or a function definition: nothing a boot menu can be read from. */
    record Skipped() implements Node {}

    /** menuentry or submenu: its words (title and options) and its body. */
    record Menu(boolean submenu, List<Word> words, List<Node> body, int line) implements Node {}

    private static final Set<String> BLOCK_ENDS = Set.of("then", "elif", "else", "fi", "do", "done");

    private final String text;
    private final String source;
    private final List<String> warnings;
    private int pos;
    private int line = 1;

    private GrubScript(String text, String source, List<String> warnings) {
        this.text = text;
        this.source = source;
        this.warnings = warnings;
    }

    static List<Node> parse(String text, String source, List<String> warnings) {
        var script = new GrubScript(text, source, warnings);
        var nodes = script.block(Set.of(), false);
        if (script.pos < text.length()) {
            script.warn("unexpected '" + script.peekWordText() + "'");
        }
        return nodes;
    }

    // ---- statements

    /** Statements until one of {@code ends} (a keyword) or, with {@code brace}, a closing brace. */
    private List<Node> block(Set<String> ends, boolean brace) {
        var nodes = new ArrayList<Node>();
        while (true) {
            skipSeparators();
            if (pos >= text.length()) {
                if (brace || !ends.isEmpty()) {
                    warn("block not closed before the end of the file");
                }
                return nodes;
            }
            if (brace && text.charAt(pos) == '}') {
                pos++;
                return nodes;
            }
            var keyword = peekKeyword();
            if (keyword != null && ends.contains(keyword)) {
                return nodes;
            }
            if (keyword != null && BLOCK_ENDS.contains(keyword)) {
                warn("'" + keyword + "' without its opening statement");
                pos += keyword.length();
                continue;
            }
            int start = pos;
            nodes.add(statement(keyword));
            if (pos == start) { // a stray brace: nothing could be read here
                warn("unexpected '" + text.charAt(pos) + "'");
                pos++;
            }
        }
    }

    private Node statement(String keyword) {
        int at = line;
        if (keyword == null) {
            return new Command(words(), at);
        }
        switch (keyword) {
            case "if" -> {
                return conditional();
            }
            case "for" -> {
                return loop();
            }
            case "while", "until" -> {
                pos += keyword.length();
                block(Set.of("do"), false);
                expectKeyword("do");
                block(Set.of("done"), false);
                expectKeyword("done");
                return new Skipped();
            }
            case "function" -> {
                pos += keyword.length();
                words();
                return skipBraceBlock();
            }
            case "menuentry", "submenu" -> {
                pos += keyword.length();
                var words = words();
                if (!atChar('{')) {
                    warn(keyword + " without a { block }");
                    return new Skipped();
                }
                pos++;
                return new Menu(keyword.equals("submenu"), words, block(Set.of(), true), at);
            }
            default -> {
                return new Command(words(), at);
            }
        }
    }

    private Node conditional() {
        var branches = new ArrayList<Branch>();
        var keyword = "if";
        while (keyword.equals("if") || keyword.equals("elif")) {
            pos += keyword.length();
            var condition = block(Set.of("then"), false);
            expectKeyword("then");
            var body = block(Set.of("elif", "else", "fi"), false);
            branches.add(new Branch(condition, body));
            keyword = peekKeyword() == null ? "fi" : peekKeyword();
        }
        if (keyword.equals("else")) {
            pos += keyword.length();
            branches.add(new Branch(null, block(Set.of("fi"), false)));
        }
        expectKeyword("fi");
        return new If(branches);
    }

    private Node loop() {
        pos += "for".length();
        var header = words();
        var body = List.<Node>of();
        skipSeparators();
        if (expectKeyword("do")) {
            body = block(Set.of("done"), false);
            expectKeyword("done");
        }
        if (header.size() < 2
                || header.get(0).literal() == null
                || !"in".equals(header.get(1).literal())) {
            warn("for loop without 'NAME in WORDS'");
            return new Skipped();
        }
        return new For(header.get(0).literal(), header.subList(2, header.size()), body);
    }

    private Node skipBraceBlock() {
        if (atChar('{')) {
            pos++;
            block(Set.of(), true);
        }
        return new Skipped();
    }

    private boolean expectKeyword(String keyword) {
        skipSeparators();
        if (keyword.equals(peekKeyword())) {
            pos += keyword.length();
            return true;
        }
        if (pos < text.length()) {
            warn("expected '" + keyword + "'");
        }
        return false;
    }

    // ---- words

    /** The words of one command, up to a newline, ';', or an opening brace. */
    private List<Word> words() {
        var words = new ArrayList<Word>();
        while (true) {
            skipBlanks();
            if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == ';' || atBrace()) {
                return words;
            }
            if (text.charAt(pos) == '#') {
                skipComment();
                return words;
            }
            words.add(word());
        }
    }

    private Word word() {
        var parts = new ArrayList<Part>();
        var literal = new StringBuilder();
        boolean quoted = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isSpace(c) || c == ';' || (literal.isEmpty() && parts.isEmpty() && atBrace())) {
                break;
            }
            if (c == '\'') {
                quoted = true;
                int end = text.indexOf('\'', pos + 1);
                if (end < 0) {
                    warn("unterminated single quote");
                    end = text.length();
                }
                literal.append(text, pos + 1, end);
                countLines(pos, end);
                pos = Math.min(end + 1, text.length());
            } else if (c == '"') {
                quoted = true;
                pos++;
                doubleQuoted(parts, literal);
            } else if (c == '\\' && pos + 1 < text.length()) {
                literal.append(text.charAt(pos + 1));
                pos += 2;
            } else if (c == '$') {
                variable(parts, literal);
            } else {
                literal.append(c);
                pos++;
            }
        }
        flush(parts, literal);
        return new Word(parts, quoted);
    }

    private void doubleQuoted(List<Part> parts, StringBuilder literal) {
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos);
            if (c == '\\' && pos + 1 < text.length() && "$\"\\\n".indexOf(text.charAt(pos + 1)) >= 0) {
                if (text.charAt(pos + 1) != '\n') {
                    literal.append(text.charAt(pos + 1));
                }
                pos += 2;
            } else if (c == '$') {
                variable(parts, literal);
            } else {
                if (c == '\n') {
                    line++;
                }
                literal.append(c);
                pos++;
            }
        }
        if (pos >= text.length()) {
            warn("unterminated double quote");
        } else {
            pos++;
        }
    }

    /** $name, ${name}, $1, $?, or a lone '$'. */
    private void variable(List<Part> parts, StringBuilder literal) {
        int start = pos + 1;
        String name;
        if (start < text.length() && text.charAt(start) == '{') {
            int end = text.indexOf('}', start);
            if (end < 0) {
                warn("unterminated ${");
                end = text.length();
            }
            name = text.substring(start + 1, end);
            pos = Math.min(end + 1, text.length());
        } else {
            int end = start;
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                end++;
            }
            if (end == start && end < text.length() && "?#@*".indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            name = text.substring(start, end);
            pos = end;
        }
        if (name.isEmpty()) {
            literal.append('$');
            return;
        }
        flush(parts, literal);
        parts.add(new Variable(name));
    }

    private static void flush(List<Part> parts, StringBuilder literal) {
        if (!literal.isEmpty() || parts.isEmpty()) {
            parts.add(new Text(literal.toString()));
            literal.setLength(0);
        }
    }

    // ---- characters

    private String peekKeyword() {
        int end = pos;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        boolean bounded = end >= text.length() || isSpace(text.charAt(end)) || text.charAt(end) == ';';
        return end > pos && bounded ? text.substring(pos, end) : null;
    }

    private String peekWordText() {
        int end = pos;
        while (end < text.length() && !isSpace(text.charAt(end))) {
            end++;
        }
        return text.substring(pos, end);
    }

    /** An unquoted brace standing alone as a word. */
    private boolean atBrace() {
        if (pos >= text.length() || (text.charAt(pos) != '{' && text.charAt(pos) != '}')) {
            return false;
        }
        return pos + 1 >= text.length() || isSpace(text.charAt(pos + 1)) || text.charAt(pos + 1) == ';';
    }

    private boolean atChar(char c) {
        skipBlanks();
        return pos < text.length() && text.charAt(pos) == c;
    }

    /** What separates words, as GRUB's lexer has it: other control characters (\v, \f) belong to words. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private void skipBlanks() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
                pos += 2;
                line++;
            } else if (c != '\n' && isSpace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private void skipSeparators() {
        while (pos < text.length()) {
            skipBlanks();
            if (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == ';')) {
                if (text.charAt(pos) == '\n') {
                    line++;
                }
                pos++;
            } else if (pos < text.length() && text.charAt(pos) == '#') {
                skipComment();
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
    }

    private void warn(String problem) {
        warnings.add(source + ":" + line + ": " + problem);
    }
}
