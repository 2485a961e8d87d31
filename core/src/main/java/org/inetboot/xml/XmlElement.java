package org.inetboot.xml;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An element: its namespace URI ("" for none), local name, attributes (unprefixed ones by local
 * name, prefixed ones as {@code {uri}local}), child elements and its own text, in order.
 */
public record XmlElement(
        String namespace, String name, Map<String, String> attributes, List<XmlElement> children, String text) {

    public XmlElement {
        attributes = Map.copyOf(attributes);
        children = List.copyOf(children);
    }

    public boolean is(String uri, String local) {
        return namespace.equals(uri) && name.equals(local);
    }

    /** The children named {@code local} in {@code uri}. */
    public List<XmlElement> children(String uri, String local) {
        return children.stream().filter(child -> child.is(uri, local)).toList();
    }

    public Optional<String> attribute(String local) {
        return Optional.ofNullable(attributes.get(local));
    }
}
