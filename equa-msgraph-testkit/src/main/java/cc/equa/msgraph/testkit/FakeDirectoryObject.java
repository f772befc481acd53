package cc.equa.msgraph.testkit;

import java.util.Objects;
import java.util.Optional;

/**
 * Any directory object of the fake, as seen in member and owner lists.
 *
 * @param id the object id (a GUID)
 * @param type the kind of object
 * @param displayName the display name, if any
 * @param mail the mail address, if any
 * @since 0.1.0
 */
public record FakeDirectoryObject(String id, ObjectType type, Optional<String> displayName, Optional<String> mail) {

    /**
     * Check the values.
     *
     * @param id the object id (a GUID)
     * @param type the kind of object
     * @param displayName the display name, if any
     * @param mail the mail address, if any
     */
    public FakeDirectoryObject {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(type, "'type' must not be null");
        Objects.requireNonNull(displayName, "'displayName' must not be null");
        Objects.requireNonNull(mail, "'mail' must not be null");
    }
}
