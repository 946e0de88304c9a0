// What each connector factory shows in an admin console: names, description, logo, readme, an
// example config and the form to edit one. Kept beside the factories so adding a connector adds
// its entry here too (the Record type makes a missing one a type error).
import type { ConnectorFactoryId } from '../registry.ts';
import { envelopeLogo, keyLogo, phoneLogo } from './logos.ts';

/** One field of the form a console renders to edit a connector's config. */
export type ConnectorFormItem = {
  type: string;
  key: string;
  label: string;
  placeholder?: string;
  required?: boolean;
  isConfidential?: boolean;
};

export type ConnectorCatalogueEntry = {
  /** The identity namespace (social) or the channel name (email, SMS) the factory's connectors use by default. */
  target: string;
  /** Text keyed by language tag; `en` is always present. */
  name: Record<string, string>;
  description: Record<string, string>;
  logo: string;
  readme: string;
  /** An example config, as JSON text. */
  configTemplate?: string;
  formItems?: ConnectorFormItem[];
  /** Standard protocols (OIDC) may be added several times, each with its own target and metadata. */
  isStandard?: boolean;
};

const json = (value: unknown) => JSON.stringify(value, null, 2);

export const connectorCatalogue: Readonly<Record<ConnectorFactoryId, ConnectorCatalogueEntry>> = {
  smtp: {
    target: 'smtp',
    name: { en: 'SMTP' },
    description: { en: 'Sends verification codes by email through any SMTP server.' },
    logo: envelopeLogo,
    readme:
      '# SMTP\n\nSends email through an SMTP server. `templates` holds one entry per usage type (`SignIn`, `Register`, `ForgotPassword`, `Generic`, …); `{{code}}` in the subject or content is replaced by the code. `Generic` is used for types without their own template. Port 465 uses implicit TLS; other ports upgrade with STARTTLS when the server offers it.',
    configTemplate: json({
      host: 'smtp.example.com',
      port: 587,
      username: 'apikey',
      password: '<password>',
      fromEmail: 'Example <noreply@example.com>',
      templates: [
        { usageType: 'Generic', subject: 'Your code', content: 'Your verification code is {{code}}.', contentType: 'text/plain' },
      ],
    }),
  },
  'http-sms': {
    target: 'http-sms',
    name: { en: 'HTTP SMS' },
    description: { en: 'Sends verification codes by SMS through an HTTP endpoint you run.' },
    logo: phoneLogo,
    readme:
      '# HTTP SMS\n\nPOSTs `{ "to", "type", "payload": { "code" } }` as JSON to `endpoint` and treats any 2xx answer as delivered. `authorization`, when set, is sent verbatim as the Authorization header.',
    configTemplate: json({ endpoint: 'https://sms-adapter.example.com/send', authorization: 'Bearer <token>' }),
    formItems: [
      { type: 'Text', key: 'endpoint', label: 'Endpoint', required: true, placeholder: 'https://sms-adapter.example.com/send' },
      { type: 'Text', key: 'authorization', label: 'Authorization header', isConfidential: true },
    ],
  },
  'mock-email-service': {
    target: 'mock-mail',
    name: { en: 'Mock Mail Service' },
    description: { en: 'Writes the last email it would send to a file instead of sending it. For local development and tests only.' },
    logo: envelopeLogo,
    readme:
      "# Mock mail service\n\nSends nothing. The last message is written as one line of JSON (`address`, `code`, `type`, `payload`, and with templates the `template` used, its `subject` and `content` with `{{code}}` filled in) to `logto/mock_email_record.txt` under the system's temporary folder, as Logto's mock connector does. `templates` holds one entry per usage type (`SignIn`, `Register`, `ForgotPassword`, `Generic`, …); a type without its own template uses `Generic`. With `folder` set, the record is also written to `<folder>/mock-email-service.json`, and the other fields become optional. Never use it in production.",
    configTemplate: json({
      apiKey: '<any value>',
      fromEmail: 'noreply@example.com',
      templates: [
        { usageType: 'SignIn', type: 'text/plain', subject: 'Sign-in code', content: 'Your sign-in code is {{code}}.' },
        { usageType: 'Generic', type: 'text/plain', subject: 'Your code', content: 'Your code is {{code}}.' },
      ],
    }),
  },
  'mock-short-message-service': {
    target: 'mock-sms',
    name: { en: 'Mock SMS Service' },
    description: { en: 'Writes the last SMS it would send to a file instead of sending it. For local development and tests only.' },
    logo: phoneLogo,
    readme:
      "# Mock SMS service\n\nSends nothing. The last message is written as one line of JSON (`phone`, `code`, `type`, `payload`) to `logto/mock_sms_record.txt` under the system's temporary folder, as Logto's mock connector does. The message's type needs a template in `templates` (or a `Generic` one). With `folder` set, the record is also written to `<folder>/mock-short-message-service.json`, and the other fields become optional. Never use it in production.",
    configTemplate: json({
      accountSID: '<any value>',
      authToken: '<any value>',
      fromMessagingServiceSID: '<any value>',
      templates: [{ usageType: 'Generic', content: 'Your code is {{code}}.' }],
    }),
  },
  oidc: {
    target: 'oidc',
    name: { en: 'OpenID Connect' },
    description: { en: 'Sign-in with any OpenID Connect provider (authorization code flow with PKCE).' },
    logo: keyLogo,
    readme:
      "# OpenID Connect\n\nSigns users in with an external OpenID Connect provider. Endpoints are discovered from `issuer` unless set explicitly. `target` names the namespace users' identities from this provider are stored under: it must be unique among the tenant's social connectors and cannot change later.",
    configTemplate: json({
      issuer: 'https://accounts.example.com',
      clientId: '<client id>',
      clientSecret: '<client secret>',
      scope: 'openid profile email',
      target: 'oidc',
    }),
    isStandard: true,
  },
  'mock-email-service-alternative': {
    target: 'mock-mail-alternative',
    name: { en: 'Mock Mail Service (alternative)' },
    description: { en: 'A second mock email connector, so tests can switch between two. For local development and tests only.' },
    logo: envelopeLogo,
    readme:
      "# Mock mail service (alternative)\n\nSends nothing. The last message is written as one line of JSON (`address`, `code`, `type`, `payload`) to `logto/mock_email_record.txt` under the system's temporary folder, as Logto's alternative mock connector does. Every config field is optional, but a message's type needs a template in `templates` (or a `Generic` one). Never use it in production.",
    configTemplate: json({
      templates: [{ usageType: 'Generic', type: 'text/plain', subject: 'Your code', content: 'Your code is {{code}}.' }],
    }),
  },
  'mock-social-connector': {
    target: 'mock-social',
    name: { en: 'Mock Social' },
    description: { en: 'A social sign-in that signs in whoever the test says. For local development and tests only.' },
    logo: keyLogo,
    readme:
      '# Mock social\n\nNo provider is involved. The authorization URI points at `http://mock-social/`, a host that does not exist; a test skips it and verifies with `connectorData: { state, redirectUri, code, userId, email, phone, name, avatar }`. The social identity is `userId` (a new random one when absent) with the given profile. Never use it in production.',
    configTemplate: json({ clientId: '<any value>', clientSecret: '<any value>' }),
  },
};
