/**
 * A third-party connector example: the settings SPI implemented on an embedded SQL database over plain JDBC, wrapped
 * in the AES-GCM {@link cc.equa.msgraph.spi.EncryptingSettingsStore} so the database never holds a plaintext secret.
 */
@NullMarked
package cc.equa.msgraph.examples.connector;

import org.jspecify.annotations.NullMarked;
