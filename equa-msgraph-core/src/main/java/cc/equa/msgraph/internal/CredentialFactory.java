package cc.equa.msgraph.internal;

import cc.equa.msgraph.MicrosoftCloud;
import cc.equa.msgraph.spi.AppCredentials;
import cc.equa.msgraph.spi.ClientCertificateCredentials;
import cc.equa.msgraph.spi.ClientSecretCredentials;
import cc.equa.msgraph.spi.ManagedIdentityCredentials;
import cc.equa.msgraph.spi.Secret;
import cc.equa.msgraph.spi.WorkloadIdentityCredentials;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/** Turn stored {@link AppCredentials} into an azure-identity {@link TokenCredential} on the shared HTTP stack. */
final class CredentialFactory {

    private static final Set<String> MICROSOFT_AUTHORITIES = Set.of(
            "login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "login.microsoft.com");

    private CredentialFactory() {
    }

    /**
     * Build the credential. The token request goes through a bare pipeline (no azure-core policies): it is not
     * retried by azure-identity, the library's own retry and error mapping decide, so a wrong secret or an unreachable
     * authority is reported at once, and azure-core logs nothing at INFO for it.
     *
     * @param credentials the organization's credentials (already validated)
     * @param cloud the cloud
     * @param http the azure-core HTTP client on the shared OkHttp stack
     * @return the credential
     */
    public static TokenCredential create(AppCredentials credentials, MicrosoftCloud cloud, HttpClient http) {
        String authority = cloud.authorityHost().toString();
        boolean knownAuthority = MICROSOFT_AUTHORITIES.contains(cloud.authorityHost().getHost());
        // A bare pipeline (the shared HTTP client, no policies) instead of azure-identity's default one: the library
        // retries and maps token failures itself, and azure-core's RetryPolicy, even with zero retries, logged
        // "Retry attempts have been exhausted" at INFO on every token request of every host application.
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(http).build();
        if (credentials instanceof ClientSecretCredentials c) {
            ClientSecretCredentialBuilder b = new ClientSecretCredentialBuilder()
                    .tenantId(c.tenantId().trim())
                    .clientId(c.clientId().trim())
                    .clientSecret(c.clientSecret().reveal())
                    .authorityHost(authority)
                    .pipeline(pipeline);
            if (!knownAuthority) {
                b.disableInstanceDiscovery();
            }
            return b.build();
        }
        if (credentials instanceof ClientCertificateCredentials c) {
            ClientCertificateCredentialBuilder b = new ClientCertificateCredentialBuilder()
                    .tenantId(c.tenantId().trim())
                    .clientId(c.clientId().trim())
                    .authorityHost(authority)
                    .pipeline(pipeline)
                    .sendCertificateChain(c.sendCertificateChain());
            if (c.format() == ClientCertificateCredentials.Format.PEM) {
                b.pemCertificate(new ByteArrayInputStream(c.certificate().reveal().getBytes(StandardCharsets.UTF_8)));
            } else {
                b.pfxCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(c.certificate().reveal())));
                c.passwordIfAny().map(Secret::reveal).ifPresent(b::clientCertificatePassword);
            }
            if (!knownAuthority) {
                b.disableInstanceDiscovery();
            }
            return b.build();
        }
        if (credentials instanceof ManagedIdentityCredentials c) {
            ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder().pipeline(pipeline);
            c.clientIdIfAny().ifPresent(b::clientId);
            return b.build();
        }
        if (credentials instanceof WorkloadIdentityCredentials c) {
            WorkloadIdentityCredentialBuilder b = new WorkloadIdentityCredentialBuilder()
                    .tenantId(c.tenantId().trim())
                    .clientId(c.clientId().trim())
                    .tokenFilePath(c.tokenFilePath())
                    .authorityHost(authority)
                    .pipeline(pipeline);
            if (!knownAuthority) {
                b.disableInstanceDiscovery();
            }
            return b.build();
        }
        throw new IllegalArgumentException("Unsupported credentials kind: " + credentials.getClass().getName());
    }
}
