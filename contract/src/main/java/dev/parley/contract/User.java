package dev.parley.contract;

/**
 * Who asked, as the chat channel knows them. Both parts are optional.
 *
 * @param id          the channel's stable user id, or {@code null}
 * @param displayName the name to address the user by, or {@code null}
 */
public record User(String id, String displayName) {
}
