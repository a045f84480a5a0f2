"""Authoring aid for models/rules/*.toml: writes rule files from compact specs with
reproducible random example values. The TOML files are the source of truth once written;
re-running overwrites them. Usage: python3 tools/rules_authoring.py"""
import json, random, pathlib

R = random.Random(7)
U, L, D = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789"
AN, B64, HEX, URLSAFE = U + L + D, U + L + D + "+/", "0123456789abcdef", U + L + D + "_-"
def rnd(cs, n): return "".join(R.choice(cs) for _ in range(n))

OUT = pathlib.Path(__file__).resolve().parent.parent / "models" / "rules"

def q(s): return json.dumps(s, ensure_ascii=False)

def default_comment(r):
    if r.get("val"):
        need = "needs a context word on the line or a matching label" if r.get("req") else "context words raise confidence"
        return f"shape of the number; the {r['val']} check digit decides (a failing check is kept only in context); {need}"
    if r.get("group"):
        return f"the value is capture group {r['group']}; the text before it names what it is"
    return None

def write(fname, header, rules):
    lines = [f"# {header}", "# Generated first by tools/rules_authoring.py; edit freely.", ""]
    for r in rules:
        lines.append("[[rule]]")
        lines.append(f"id = {q(r['id'])}")
        lines.append(f"name = {q(r['name'])}")
        lines.append(f"category = {q(r['cat'])}")
        comment = r.get("comment") or default_comment(r)
        if comment: lines.append(f"# {comment}")
        lines.append(f"pattern = '''{r['re']}'''")
        if r.get("group"): lines.append(f"group = {r['group']}")
        if r.get("kw"): lines.append(f"keywords = [{', '.join(q(k) for k in r['kw'])}]")
        lines.append(f"confidence = {r.get('conf', 0.95)}")
        if r.get("val"): lines.append(f"validator = {q(r['val'])}")
        if r.get("ctx"): lines.append(f"context = [{', '.join(q(k) for k in r['ctx'])}]")
        if r.get("req"): lines.append("context_required = true")
        if r.get("ent"): lines.append(f"min_entropy = {r['ent']}")
        if r.get("digits"): lines.append(f"min_digits = {r['digits']}")
        lines.append(f"examples = [{', '.join(q(e) for e in r['ex'])}]")
        if r.get("neg"): lines.append(f"negative_examples = [{', '.join(q(e) for e in r['neg'])}]")
        if r.get("ref"): lines.append(f"references = [{', '.join(q(e) for e in r['ref'])}]")
        lines.append("")
    (OUT / fname).write_text("\n".join(lines), encoding="utf-8")
    return len(rules)

def tok(id, name, cat, prefix, body_re, body_cs, n, kw=None, ex_fmt="token: {}", neg=None, ref=None, conf=0.95, sep_re=None):
    """A prefix + fixed-alphabet token rule."""
    v = prefix + rnd(body_cs, n)
    re = rf"\b{prefix_re(prefix)}{body_re}"
    return dict(id=id, name=name, cat=cat, re=re, kw=kw or [prefix.rstrip("_-.")[:12]], ex=[ex_fmt.format(v)],
                neg=neg or [prefix + rnd(body_cs, max(2, n // 4))], ref=[ref] if ref else [], conf=conf,
                comment=f"the literal prefix {prefix!r}, then the token body {body_re}" if prefix else None)

def prefix_re(p):
    return "".join("\\" + c if c in ".-$" else c for c in p)

n = 0
cloud = [
    dict(id="aws.access_key_id.1", name="AWS access key ID", cat="api_key", re=r"\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[0-9A-Z]{16}\b",
         kw=["AKIA", "ASIA", "ABIA", "ACCA", "A3T"], ex=["aws_access_key_id = AKIAIOSFODNN7EXAMPLE"], neg=["AKIA1234"],
         ref=["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"], comment="AKIA (long-term) / ASIA (STS) + 16 upper-case base32"),
    dict(id="aws.secret_access_key.1", name="AWS secret access key", cat="api_key",
         re=r"(?i)aws.{0,20}?secret.{0,20}?[=:]\s*[\"']?([A-Za-z0-9/+=]{40})\b", group=1, kw=["secret"],
         ex=["AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"], neg=["aws secret = short"], comment="40 base64 chars after an aws…secret key name"),
    dict(id="aws.session_token.1", name="AWS session token", cat="token", re=r"(?i)aws_?session_?token\s*[=:]\s*[\"']?([A-Za-z0-9/+=]{100,})", group=1,
         kw=["session"], ex=["AWS_SESSION_TOKEN=" + rnd(B64, 160)], neg=["aws_session_token = none"]),
    dict(id="aws.mws_key.1", name="Amazon MWS auth token", cat="token", re=r"\bamzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
         kw=["amzn.mws"], ex=["amzn.mws.4ea38b7b-f563-7709-4bae-87aeaa27e0b4"], neg=["amzn.mws.123"]),
    dict(id="gcp.api_key.1", name="Google API key", cat="api_key", re=r"\bAIza[0-9A-Za-z_-]{35}\b", kw=["AIza"],
         ex=["key=AIza" + rnd(URLSAFE, 35)], neg=["AIzaShort"], ref=["https://cloud.google.com/docs/authentication/api-keys"]),
    dict(id="gcp.service_account_key.1", name="GCP service-account private key id", cat="private_key",
         re=r"\"private_key_id\"\s*:\s*\"([0-9a-f]{40})\"", group=1, kw=["private_key_id"],
         ex=['  "private_key_id": "' + rnd(HEX, 40) + '",'], neg=['"private_key_id": "abc"']),
    tok("gcp.oauth_client_secret.1", "Google OAuth client secret", "api_key", "GOCSPX-", "[A-Za-z0-9_-]{28}", URLSAFE, 28),
    tok("gcp.oauth_access_token.1", "Google OAuth access token", "token", "ya29.", "[0-9A-Za-z_-]{30,}", URLSAFE, 60, kw=["ya29."]),
    dict(id="azure.storage_connection_string.1", name="Azure storage connection string key", cat="api_key",
         re=r"(?i)AccountKey=([A-Za-z0-9+/=]{60,})", group=1, kw=["AccountKey"],
         ex=["DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + rnd(B64, 86) + "==;EndpointSuffix=core.windows.net"], neg=["AccountKey=short"]),
    dict(id="azure.sas_signature.1", name="Azure SAS token signature", cat="token", re=r"[?&]sig=([A-Za-z0-9%+/=]{30,})", group=1, kw=["sig="],
         ex=["https://acme.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=" + rnd(AN, 44) + "%3D"], neg=["?sig=abc"]),
    dict(id="azure.ad_client_secret.1", name="Azure AD client secret", cat="api_key", re=r"\b[a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34}\b", kw=["Q~"],
         ex=["client_secret: abc8Q~" + rnd(AN, 34)], neg=["8Q~short"]),
    tok("digitalocean.pat.1", "DigitalOcean personal access token", "token", "dop_v1_", "[a-f0-9]{64}", HEX, 64),
    tok("digitalocean.oauth.1", "DigitalOcean OAuth token", "token", "doo_v1_", "[a-f0-9]{64}", HEX, 64),
    tok("digitalocean.refresh.1", "DigitalOcean refresh token", "token", "dor_v1_", "[a-f0-9]{64}", HEX, 64),
    dict(id="alibaba.access_key_id.1", name="Alibaba Cloud AccessKey ID", cat="api_key", re=r"\bLTAI[A-Za-z0-9]{12,20}\b", kw=["LTAI"],
         ex=["LTAI" + rnd(AN, 20)], neg=["LTAI12"]),
    dict(id="heroku.api_key.1", name="Heroku API key", cat="api_key", re=r"(?i)heroku.{0,30}?[=:]\s*[\"']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b", group=1,
         kw=["heroku"], ex=["HEROKU_API_KEY=01234567-89ab-cdef-0123-456789abcdef"], neg=["heroku app: my-app"]),
    tok("heroku.platform_key.1", "Heroku platform API key", "api_key", "HRKU-", "[A-Za-z0-9_-]{60}", URLSAFE, 60),
    tok("ibm.cloud_api_key.1", "Cloudflare origin CA key", "api_key", "v1.0-", "[a-f0-9]{24}-[a-f0-9]{146}", HEX, 24, ex_fmt="{}-" + rnd(HEX, 146), neg=["v1.0-abc"]),
]
n += write("cloud.toml", "Cloud providers: AWS, Google Cloud, Azure, DigitalOcean, Alibaba, Heroku, Cloudflare", cloud)

code = [tok(f"github.{k}.1", f"GitHub {d}", "token", p, "[A-Za-z0-9]{36}\\b", AN, 36, ref="https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/")
        for k, d, p in [("pat_classic", "personal access token (classic)", "ghp_"), ("oauth", "OAuth access token", "gho_"),
                        ("user_to_server", "user-to-server token", "ghu_"), ("server_to_server", "server-to-server token", "ghs_"), ("refresh", "refresh token", "ghr_")]]
code += [
    tok("github.fine_grained_pat.1", "GitHub fine-grained personal access token", "token", "github_pat_", "[A-Za-z0-9_]{82}", AN + "_", 82),
    tok("gitlab.pat.1", "GitLab personal access token", "token", "glpat-", "[A-Za-z0-9_-]{20}", URLSAFE, 20, ref="https://docs.gitlab.com/ee/security/token_overview.html"),
    tok("gitlab.pipeline_trigger.1", "GitLab pipeline trigger token", "token", "glptt-", "[a-f0-9]{40}", HEX, 40),
    tok("gitlab.runner_registration.1", "GitLab runner registration token", "token", "GR1348941", "[A-Za-z0-9_-]{20}", URLSAFE, 20),
    tok("gitlab.runner_auth.1", "GitLab runner authentication token", "token", "glrt-", "[A-Za-z0-9_-]{20}", URLSAFE, 20),
    tok("gitlab.deploy_token.1", "GitLab deploy token", "token", "gldt-", "[A-Za-z0-9_-]{20}", URLSAFE, 20),
    tok("gitlab.feed_token.1", "GitLab feed token", "token", "glft-", "[A-Za-z0-9_-]{20}", URLSAFE, 20),
    tok("gitlab.oauth_secret.1", "GitLab OAuth application secret", "api_key", "gloas-", "[a-f0-9]{64}", HEX, 64),
    tok("bitbucket.app_password.1", "Bitbucket / Atlassian app password", "token", "ATBB", "[A-Za-z0-9_=.-]{32}", AN, 32),
    tok("atlassian.api_token.1", "Atlassian API token", "token", "ATATT3", "[A-Za-z0-9_=-]{180,}", AN, 186),
]
n += write("code-hosts.toml", "Code hosting: GitHub, GitLab, Bitbucket/Atlassian", code)

chat = [tok(f"slack.{k}.1", f"Slack {d}", "token", p, "[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9-]{20,}" if k == "bot" else "[A-Za-z0-9-]{20,}", AN, 48,
            ex_fmt=("SLACK_BOT_TOKEN=xoxb-" + rnd(D, 12) + "-" + rnd(D, 13) + "-" + rnd(AN, 24)) if k == "bot" else "token: {}", ref="https://api.slack.com/authentication/token-types")
        for k, d, p in [("bot", "bot token", "xoxb-"), ("user", "user token", "xoxp-"), ("app", "app-level token", "xapp-"),
                        ("config", "configuration token", "xoxe.xoxp-"), ("legacy_workspace", "legacy workspace token", "xoxa-"),
                        ("refresh", "refresh token", "xoxe-"), ("legacy", "legacy token", "xoxs-")]]
chat += [
    dict(id="slack.webhook.1", name="Slack incoming webhook", cat="token", re=r"hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9+/_-]{40,}", kw=["hooks.slack.com"],
         ex=["https://hooks.slack.com/services/T" + rnd(U + D, 8) + "/B" + rnd(U + D, 10) + "/" + rnd(AN, 24)], neg=["https://hooks.slack.com/services/"]),
    dict(id="discord.bot_token.1", name="Discord bot token", cat="token", re=r"\b[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,38}\b",
         ex=["DISCORD_TOKEN=M" + rnd(AN, 23) + "." + rnd(AN, 6) + "." + rnd(AN, 27)], neg=["M.abc.def"], conf=0.85),
    dict(id="discord.webhook.1", name="Discord webhook", cat="token", re=r"discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,68}", kw=["discord"],
         ex=["https://discord.com/api/webhooks/" + rnd(D, 18) + "/" + rnd(URLSAFE, 68)], neg=["https://discord.com/api/webhooks/"]),
    dict(id="telegram.bot_token.1", name="Telegram bot token", cat="token", re=r"\b\d{8,10}:AA[0-9A-Za-z_-]{33}\b", kw=[":AA"],
         ex=["TELEGRAM_BOT_TOKEN=" + rnd(D, 10) + ":AA" + rnd(URLSAFE, 33)], neg=["12345678:AAshort"]),
    dict(id="msteams.webhook.1", name="Microsoft Teams incoming webhook", cat="token", re=r"\.webhook\.office\.com/webhookb2/[A-Za-z0-9@-]{40,}/IncomingWebhook/[A-Za-z0-9]{32}/[A-Za-z0-9-]{36}",
         kw=["webhook.office.com"], ex=["https://acme.webhook.office.com/webhookb2/" + rnd(HEX, 36) + "@" + rnd(HEX, 36) + "/IncomingWebhook/" + rnd(HEX, 32) + "/" + rnd(HEX, 36)], neg=["webhook.office.com/webhookb2/"]),
    dict(id="mattermost.webhook.1", name="Mattermost/Rocket.Chat webhook", cat="token", re=r"/hooks/[a-z0-9]{26}\b", kw=["/hooks/"],
         ex=["https://chat.acme.example/hooks/" + rnd(L + D, 26)], neg=["/hooks/abc"], conf=0.8),
]
n += write("chat.toml", "Chat: Slack, Discord, Telegram, Microsoft Teams, Mattermost", chat)

pay = [
    tok("stripe.secret_key.1", "Stripe live secret key", "api_key", "sk_live_", "[A-Za-z0-9]{24,99}", AN, 24, ref="https://docs.stripe.com/keys"),
    tok("stripe.test_secret_key.1", "Stripe test secret key", "api_key", "sk_test_", "[A-Za-z0-9]{24,99}", AN, 24),
    tok("stripe.restricted_key.1", "Stripe restricted key", "api_key", "rk_live_", "[A-Za-z0-9]{24,99}", AN, 24),
    tok("stripe.webhook_secret.1", "Stripe webhook signing secret", "api_key", "whsec_", "[A-Za-z0-9]{32,}", AN, 32),
    dict(id="braintree.access_token.1", name="PayPal Braintree access token", cat="token", re=r"access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}", kw=["access_token$production"],
         ex=["access_token$production$" + rnd(L + D, 16) + "$" + rnd(HEX, 32)], neg=["access_token$production$abc"]),
    dict(id="paypal.client_secret.1", name="PayPal client secret", cat="api_key", re=r"(?i)paypal.{0,30}?secret.{0,10}?[=:]\s*[\"']?([A-Za-z0-9_-]{60,80})", group=1, kw=["paypal"],
         ex=["PAYPAL_CLIENT_SECRET=E" + rnd(URLSAFE, 79)], neg=["paypal secret: ask finance"]),
    tok("square.access_token.1", "Square access token", "token", "EAAA", "[A-Za-z0-9_-]{60}", URLSAFE, 60),
    tok("square.legacy_token.1", "Square legacy access token", "token", "sq0atp-", "[0-9A-Za-z_-]{22}", URLSAFE, 22),
    tok("square.oauth_secret.1", "Square OAuth secret", "api_key", "sq0csp-", "[0-9A-Za-z_-]{43}", URLSAFE, 43),
    tok("shopify.access_token.1", "Shopify access token", "token", "shpat_", "[a-fA-F0-9]{32}", HEX, 32),
    tok("shopify.custom_app_token.1", "Shopify custom app token", "token", "shpca_", "[a-fA-F0-9]{32}", HEX, 32),
    tok("shopify.private_app_token.1", "Shopify private app token", "token", "shppa_", "[a-fA-F0-9]{32}", HEX, 32),
    tok("shopify.shared_secret.1", "Shopify shared secret", "api_key", "shpss_", "[a-fA-F0-9]{32}", HEX, 32),
    tok("flutterwave.secret_key.1", "Flutterwave secret key", "api_key", "FLWSECK_TEST-", "[a-h0-9]{32}-X", HEX[:8] + D, 32, ex_fmt="{}-X"),
    tok("adyen.api_key.1", "Adyen API key", "api_key", "AQE", "[A-Za-z0-9+/=]{80,}", B64, 96, conf=0.8),
]
n += write("payments.toml", "Payments: Stripe, PayPal/Braintree, Square, Shopify, Flutterwave, Adyen", pay)

ai = [
    tok("openai.project_key.1", "OpenAI project API key", "api_key", "sk-proj-", "[A-Za-z0-9_-]{40,}", URLSAFE, 120),
    dict(id="openai.legacy_key.1", name="OpenAI API key (legacy)", cat="api_key", re=r"\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b", kw=["T3BlbkFJ"],
         ex=["OPENAI_API_KEY=sk-" + rnd(AN, 20) + "T3BlbkFJ" + rnd(AN, 20)], neg=["sk-T3BlbkFJ"]),
    tok("openai.service_account_key.1", "OpenAI service-account key", "api_key", "sk-svcacct-", "[A-Za-z0-9_-]{40,}", URLSAFE, 100),
    tok("anthropic.api_key.1", "Anthropic API key", "api_key", "sk-ant-api03-", "[A-Za-z0-9_-]{90,}", URLSAFE, 95),
    tok("anthropic.admin_key.1", "Anthropic admin key", "api_key", "sk-ant-admin01-", "[A-Za-z0-9_-]{90,}", URLSAFE, 95),
    tok("huggingface.token.1", "Hugging Face access token", "token", "hf_", "[A-Za-z]{34}\\b", U + L, 34),
    tok("huggingface.org_token.1", "Hugging Face organisation token", "token", "api_org_", "[A-Za-z]{34}\\b", U + L, 34),
    tok("replicate.token.1", "Replicate API token", "token", "r8_", "[A-Za-z0-9]{37}\\b", AN, 37),
    tok("groq.api_key.1", "Groq API key", "api_key", "gsk_", "[A-Za-z0-9]{52}\\b", AN, 52),
    tok("perplexity.api_key.1", "Perplexity API key", "api_key", "pplx-", "[A-Za-z0-9]{48}\\b", AN, 48),
    tok("xai.api_key.1", "xAI API key", "api_key", "xai-", "[A-Za-z0-9]{80}\\b", AN, 80),
    tok("langsmith.api_key.1", "LangSmith API key", "api_key", "lsv2_pt_", "[a-f0-9]{32}_[a-f0-9]{10}", HEX, 32, ex_fmt="{}_" + rnd(HEX, 10)),
]
n += write("ai.toml", "AI services: OpenAI, Anthropic, Hugging Face, Replicate, Groq, Perplexity, xAI, LangSmith", ai)

reg = [
    tok("npm.access_token.1", "npm access token", "token", "npm_", "[A-Za-z0-9]{36}\\b", AN, 36),
    tok("pypi.upload_token.1", "PyPI upload token", "token", "pypi-AgEIcHlwaS5vcmc", "[A-Za-z0-9_-]{50,}", URLSAFE, 70, kw=["pypi-AgEIcHlwaS5vcmc"]),
    tok("rubygems.api_key.1", "RubyGems API key", "api_key", "rubygems_", "[a-f0-9]{48}\\b", HEX, 48),
    tok("nuget.api_key.1", "NuGet API key", "api_key", "oy2", "[a-z0-9]{43}\\b", L + D, 43, conf=0.8),
    tok("dockerhub.pat.1", "Docker Hub personal access token", "token", "dckr_pat_", "[A-Za-z0-9_-]{27}\\b", URLSAFE, 27),
    tok("crates_io.token.1", "crates.io API token", "token", "cio", "[a-zA-Z0-9]{32}\\b", AN, 32, conf=0.8),
    tok("jfrog.api_key.1", "JFrog Artifactory API key", "api_key", "AKCp", "[A-Za-z0-9]{69}\\b", AN, 69),
    tok("clojars.token.1", "Clojars deploy token", "token", "CLOJARS_", "[a-z0-9]{60}\\b", L + D, 60),
]
n += write("registries.toml", "Package registries: npm, PyPI, RubyGems, NuGet, Docker Hub, crates.io, JFrog, Clojars", reg)

saas = [
    dict(id="twilio.api_key.1", name="Twilio API key SID", cat="api_key", re=r"\bSK[0-9a-fA-F]{32}\b", kw=["SK"], ex=["TWILIO_API_KEY=SK" + rnd(HEX, 32)], neg=["SKIP"], conf=0.85),
    dict(id="twilio.auth_token.1", name="Twilio auth token", cat="token", re=r"(?i)twilio.{0,20}?(?:auth|token).{0,10}?[=:]\s*[\"']?([0-9a-f]{32})\b", group=1, kw=["twilio"],
         ex=["TWILIO_AUTH_TOKEN=" + rnd(HEX, 32)], neg=["twilio token: see vault"]),
    dict(id="sendgrid.api_key.1", name="SendGrid API key", cat="api_key", re=r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b", kw=["SG."],
         ex=["SENDGRID_API_KEY=SG." + rnd(URLSAFE, 22) + "." + rnd(URLSAFE, 43)], neg=["SG.abc.def"]),
    tok("mailgun.api_key.1", "Mailgun API key", "api_key", "key-", "[0-9a-z]{32}\\b", L + D, 32, kw=["key-"], conf=0.85),
    dict(id="mailchimp.api_key.1", name="Mailchimp API key", cat="api_key", re=r"\b[0-9a-f]{32}-us\d{1,2}\b", kw=["-us"], ex=["apikey " + rnd(HEX, 32) + "-us21"], neg=["abc-us1"]),
    tok("postmark.server_token.1", "Postmark server token", "token", "pm_", "[A-Za-z0-9]{32,}", AN, 40, conf=0.8),
    tok("linear.api_key.1", "Linear API key", "api_key", "lin_api_", "[a-zA-Z0-9]{40}\\b", AN, 40),
    tok("notion.integration_token.1", "Notion integration token", "token", "ntn_", "[A-Za-z0-9]{40,}", AN, 46),
    tok("notion.legacy_secret.1", "Notion integration secret (legacy)", "token", "secret_", "[A-Za-z0-9]{43}\\b", AN, 43, conf=0.85),
    dict(id="airtable.pat.1", name="Airtable personal access token", cat="token", re=r"\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b", kw=["pat"],
         ex=["AIRTABLE=pat" + rnd(AN, 14) + "." + rnd(HEX, 64)], neg=["pattern.match"]),
    tok("dropbox.access_token.1", "Dropbox short-lived access token", "token", "sl.", "[A-Za-z0-9_-]{130,}", URLSAFE, 140, kw=["sl."]),
    tok("figma.pat.1", "Figma personal access token", "token", "figd_", "[A-Za-z0-9_-]{40}", URLSAFE, 40),
    tok("sentry.org_token.1", "Sentry organisation token", "token", "sntrys_", "[A-Za-z0-9_=+/-]{60,}", AN, 80),
    tok("sentry.user_token.1", "Sentry user token", "token", "sntryu_", "[a-f0-9]{64}\\b", HEX, 64),
    tok("newrelic.user_key.1", "New Relic user API key", "api_key", "NRAK-", "[A-Z0-9]{27}\\b", U + D, 27),
    tok("newrelic.license_key.1", "New Relic ingest licence key", "api_key", "NRII-", "[A-Za-z0-9_-]{32}", URLSAFE, 32),
    tok("grafana.cloud_token.1", "Grafana Cloud token", "token", "glc_", "[A-Za-z0-9+/]{32,}={0,2}", AN, 60),
    tok("grafana.service_account.1", "Grafana service-account token", "token", "glsa_", "[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}", AN, 32, ex_fmt="{}_" + rnd(HEX, 8)),
    tok("hashicorp.vault_service_token.1", "HashiCorp Vault service token", "token", "hvs.", "[A-Za-z0-9_-]{90,}", URLSAFE, 95, kw=["hvs."]),
    tok("hashicorp.vault_batch_token.1", "HashiCorp Vault batch token", "token", "hvb.", "[A-Za-z0-9_-]{90,}", URLSAFE, 140, kw=["hvb."]),
    dict(id="hashicorp.terraform_token.1", name="Terraform Cloud API token", cat="token", re=r"\b[a-zA-Z0-9]{14}\.atlasv1\.[a-zA-Z0-9_=-]{60,70}\b", kw=["atlasv1"],
         ex=[rnd(AN, 14) + ".atlasv1." + rnd(URLSAFE, 67)], neg=["x.atlasv1.y"]),
    tok("pulumi.access_token.1", "Pulumi access token", "token", "pul-", "[a-f0-9]{40}\\b", HEX, 40),
    tok("doppler.token.1", "Doppler service token", "token", "dp.st.", "[a-z0-9_-]{40,}", L + D, 44, kw=["dp.st."]),
    tok("doppler.personal_token.1", "Doppler personal token", "token", "dp.pt.", "[a-zA-Z0-9]{43}\\b", AN, 43, kw=["dp.pt."]),
    tok("netlify.pat.1", "Netlify personal access token", "token", "nfp_", "[a-zA-Z0-9_]{36}\\b", AN, 36),
    tok("flyio.token.1", "Fly.io access token", "token", "fo1_", "[A-Za-z0-9_-]{43}", URLSAFE, 43),
    tok("planetscale.password.1", "PlanetScale password", "password", "pscale_pw_", "[A-Za-z0-9_.-]{43}", URLSAFE, 43),
    tok("planetscale.token.1", "PlanetScale API token", "token", "pscale_tkn_", "[A-Za-z0-9_.-]{43}", URLSAFE, 43),
    tok("supabase.service_key.1", "Supabase access token", "token", "sbp_", "[a-f0-9]{40}\\b", HEX, 40),
    dict(id="postman.api_key.1", name="Postman API key", cat="api_key", re=r"\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b", kw=["PMAK-"], ex=["PMAK-" + rnd(HEX, 24) + "-" + rnd(HEX, 34)], neg=["PMAK-abc"]),
    tok("mapbox.secret_token.1", "Mapbox secret token", "token", "sk.eyJ", "[A-Za-z0-9_-]{50,}\\.[A-Za-z0-9_-]{20,}", URLSAFE, 60, ex_fmt="{}." + rnd(URLSAFE, 22), kw=["sk.eyJ"]),
    dict(id="age.secret_key.1", name="age encryption secret key", cat="private_key", re=r"\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b", kw=["AGE-SECRET-KEY-1"],
         ex=["AGE-SECRET-KEY-1" + rnd("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)], neg=["AGE-SECRET-KEY-1ABC"]),
    tok("facebook.access_token.1", "Facebook access token", "token", "EAACEdEose0cBA", "[0-9A-Za-z]{20,}", AN, 40),
    dict(id="twitter.bearer_token.1", name="X/Twitter bearer token", cat="token", re=r"\bAAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{30,}", kw=["AAAAAAAAAAAAAAAAAAAAA"],
         ex=["Bearer AAAAAAAAAAAAAAAAAAAAA" + rnd(AN, 60)], neg=["AAAAAAAAAAAAAAAAAAAAA"]),
    tok("databricks.token.1", "Databricks access token", "token", "dapi", "[a-f0-9]{32}(?:-\\d)?\\b", HEX, 32, conf=0.85),
    tok("okta.api_token.1", "Okta API token", "token", "00", "[A-Za-z0-9_-]{40}\\b", URLSAFE, 40, kw=["okta"], ex_fmt="OKTA_API_TOKEN={}", conf=0.75),
    tok("intercom.token.1", "Intercom access token", "token", "dG9rOm", "[A-Za-z0-9_=+/-]{40,}", AN, 52),
    tok("snyk.token.1", "Snyk API token", "token", "snyk_", "[A-Za-z0-9_-]{36,}", URLSAFE, 40, conf=0.85),
    tok("sonar.token.1", "SonarQube/SonarCloud token", "token", "sqp_", "[a-f0-9]{40}\\b", HEX, 40),
    tok("cloudflare.api_token.1", "Cloudflare API token (in assignment)", "token", "", "[A-Za-z0-9_-]{40}\\b", URLSAFE, 40, kw=["cloudflare", "cf_api"], ex_fmt="CLOUDFLARE_API_TOKEN={}", conf=0.7),
]
# Cloudflare token has no prefix: require the keyword on the line.
saas[-1]["re"] = r"(?i)(?:cloudflare|cf)_?api_?token\s*[=:]\s*[\"']?([A-Za-z0-9_-]{40})"; saas[-1]["group"] = 1; saas[-1]["neg"] = ["CLOUDFLARE_API_TOKEN=short"]
saas[-5]["re"] = r"(?i)okta.{0,20}?[=:]\s*[\"']?(00[A-Za-z0-9_-]{40})\b"; saas[-5]["group"] = 1; saas[-5]["neg"] = ["okta domain: acme.okta.com"]
n += write("saas.toml", "SaaS: Twilio, SendGrid, Mailgun, Mailchimp, Postmark, Linear, Notion, Airtable, Dropbox, Figma, Sentry, New Relic, Grafana, HashiCorp, Pulumi, Doppler, Netlify, Fly.io, PlanetScale, Supabase, Postman, Mapbox, age, Facebook, X, Databricks, Okta, Intercom, Snyk, Sonar, Cloudflare", saas)

keys = [
    dict(id="jwt.1", name="JSON Web Token", cat="token", re=r"\beyJ[A-Za-z0-9_-]{6,}\.(?:eyJ[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*)?", kw=["eyJ"],
         ex=["Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"], neg=["eyJ"], conf=0.9),
    dict(id="jwt.fragment.1", name="JSON Web Token fragment (wrapped line)", cat="token", re=r"\beyJ[A-Za-z0-9_-]{16,}", kw=["eyJ"],
         ex=["token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"], neg=["eyJhbGci"], conf=0.8),
    dict(id="pem.private_key_header.1", name="PEM private key header", cat="private_key", re=r"-{3,}\s*BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?\s*-{3,}", kw=["PRIVATE KEY"],
         ex=["-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----", "-----BEGIN PGP PRIVATE KEY BLOCK-----", "-----BEGIN EC PRIVATE KEY-----"],
         neg=["-----BEGIN PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----"], conf=0.6, comment="the header itself is harmless; the body lines under it are masked by the block detector"),
    dict(id="putty.private_key.1", name="PuTTY private key", cat="private_key", re=r"PuTTY-User-Key-File-\d: .*", kw=["PuTTY-User-Key-File"], ex=["PuTTY-User-Key-File-3: ssh-ed25519"], neg=["PuTTY"], conf=0.8),
]
n += write("keys.toml", "Keys and tokens: JWT, PEM/OpenSSH/PGP private keys, PuTTY keys", keys)

conn = [
    dict(id="url.credentials.1", name="Password in a URL (user:password@host)", cat="password", re=r"(?i)\b[a-z][a-z0-9+.-]{1,15}://[^\s:/@]{1,64}:([^\s@/]{1,128})@", group=1, kw=["://"],
         ex=["postgres://app:Warszawa.sfd15@db.internal:5432/crm", "redis://default:s3cr3tPa55@cache:6379"], neg=["https://example.com/a:b", "git@github.com:org/repo.git"]),
    dict(id="url.credentials.ocr_at.1", name="Password in a URL, @ misread by OCR", cat="password", re=r"(?i)\b[a-z][a-z0-9+.-]{1,15}://[^\s:/@]{1,64}:([^\s@/]{1,128}?)[G©®](?:[a-z0-9-]+\.)+[a-z]{2,}", group=1, kw=["://"],
         ex=["postgres://app:Zima2024Gdb.internal:5432/crm"], neg=["https://example.com/path"], conf=0.85),
    dict(id="jdbc.password.1", name="JDBC URL password", cat="password", re=r"(?i)jdbc:[a-z0-9]+:.*?[;?&]password=([^;&\s]+)", group=1, kw=["jdbc:"],
         ex=["jdbc:sqlserver://db:1433;databaseName=crm;user=app;password=Herfst_kqa33"], neg=["jdbc:postgresql://db/crm"]),
    dict(id="odbc.password.1", name="ADO.NET/ODBC connection-string password", cat="password", re=r"(?i)(?:^|;|\s)(?:password|pwd)\s*=\s*([^;\s][^;]*)", group=1, kw=["password", "pwd"],
         ex=["Server=db;Database=crm;User Id=app;Password=Katze2022$;"], neg=["Password=;"]),
    dict(id="http.basic_auth.1", name="HTTP Basic authorization header", cat="password", re=r"(?i)authorization:\s*basic\s+([A-Za-z0-9+/]{8,}={0,2})", group=1, kw=["basic"],
         ex=["Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l"], neg=["Authorization: Basic"]),
    dict(id="http.bearer_auth.1", name="HTTP Bearer authorization header", cat="token", re=r"(?i)authorization:\s*bearer\s+([A-Za-z0-9._~+/-]{16,}=*)", group=1, kw=["bearer"],
         ex=["Authorization: Bearer 4f1c2a9e8b7d6c5a4f3e2d1c0b9a8f7e"], neg=["Authorization: Bearer"]),
    dict(id="mongodb.srv_credentials.1", name="MongoDB SRV URL password", cat="password", re=r"mongodb\+srv://[^\s:/@]+:([^\s@/]+)@", group=1, kw=["mongodb+srv"],
         ex=["mongodb+srv://app:Lato2023!@cluster0.abcde.mongodb.net/crm"], neg=["mongodb+srv://cluster0.mongodb.net"]),
    dict(id="netrc.password.1", name=".netrc / .pgpass password", cat="password", re=r"(?i)\bmachine\s+\S+\s+login\s+\S+\s+password\s+(\S+)", group=1, kw=["machine"],
         ex=["machine api.example.com login jan password Zima2024!"], neg=["machine learning"]),
    dict(id="docker.auth.1", name="Docker config auth", cat="token", re=r"\"auth\"\s*:\s*\"([A-Za-z0-9+/]{16,}={0,2})\"", group=1, kw=["\"auth\""],
         ex=['{"auths": {"registry.example": {"auth": "amFuOlppbWEyMDI0IQ=="}}}'], neg=['"auth": ""']),
    dict(id="htpasswd.hash.1", name="htpasswd / shadow password hash", cat="password", re=r"\$(?:2[aby]|apr1|6|5)\$[./A-Za-z0-9$]{20,}", kw=["$2", "$apr1$", "$6$", "$5$"],
         ex=["jan:$2y$10$" + rnd(AN + "./", 53)], neg=["price $20"]),
]
n += write("connection-strings.toml", "Credentials in URLs, connection strings, HTTP headers, netrc, Docker config, password hashes", conn)
print("secret rules:", n)

# ---------------------------------------------------------------- national IDs, one file per country
def nid(id, name, re, val=None, ctx=(), req=False, ex=(), neg=(), ref=(), conf=0.9, kw=None, cat="national_id", group=0, comment=None, digits=None):
    # Number formats: run only on text with enough digits (most schemes here have 6 or more).
    digits = 0 if kw else (6 if digits is None else digits)
    if not kw:
        # ASCII classes: Unicode \d and \b make the always-run number rules several times slower.
        re = re.replace(r"\d", "[0-9]").replace(r"\b", r"(?-u:\b)").replace(r"\s", "[ \t]")
    d = dict(id=id, name=name, cat=cat, re=re, val=val, ctx=list(ctx), req=req, ex=list(ex), neg=list(neg), ref=list(ref), conf=conf, group=group, comment=comment, digits=digits)
    if kw: d["kw"] = kw
    return d

countries = {
 "pl.toml": ("Poland: PESEL, NIP, REGON, ID card", [
   nid("pl.pesel.1", "PESEL", r"\b\d{11}\b", "pesel", ["pesel"], ex=["PESEL: 44051401359", "44051401359"], neg=["44051401358"], ref=["https://www.gov.pl/web/gov/czym-jest-numer-pesel"]),
   nid("pl.nip.1", "NIP (tax ID)", r"\b\d{3}-\d{3}-\d{2}-\d{2}\b|\b\d{3}-\d{2}-\d{2}-\d{3}\b|\b\d{10}\b", "nip", ["nip"], ex=["NIP 526-000-12-46", "NIP: 5260001246"], neg=["526-000-12-47"], conf=0.85),
   nid("pl.regon.1", "REGON", r"\b\d{9}\b|\b\d{14}\b", "regon", ["regon"], req=True, ex=["REGON: 123456785"], neg=["123456785"], conf=0.85),
   nid("pl.id_card.1", "Polish ID card number", r"\b[A-Z]{3}\s?\d{6}\b", "pl_id_card", ["dowód", "dowodu", "dowod", "id card", "seria i numer"], ex=["Dowód osobisty: ABA300000", "ABA 300000"], neg=["ABA300001"], conf=0.85),
 ]),
 "lt.toml": ("Lithuania: asmens kodas", [
   nid("lt.asmens_kodas.1", "Asmens kodas (personal code)", r"\b[1-6]\d{10}\b", "lt_personal", ["asmens kodas", "a.k."], ex=["Asmens kodas: 33309240064"], neg=["33309240065"], ref=["https://www.registrucentras.lt/"]),
 ]),
 "nl.toml": ("Netherlands: BSN", [
   nid("nl.bsn.1", "Burgerservicenummer", r"\b\d{9}\b|\b\d{4}\.\d{2}\.\d{3}\b|\b\d{3}\s\d{3}\s\d{3}\b", "bsn", ["bsn", "burgerservicenummer", "sofinummer"], ex=["BSN: 111222333", "1112.22.333"], neg=["111222334"], conf=0.8, ref=["https://www.rvig.nl/bsn"]),
 ]),
 "de.toml": ("Germany: Steuer-ID, Personalausweis", [
   nid("de.steuer_id.1", "Steuerliche Identifikationsnummer", r"\b[1-9]\d{10}\b|\b\d{2}\s\d{3}\s\d{3}\s\d{3}\b", "steuer_id", ["steuer-id", "steuer id", "idnr", "identifikationsnummer"], ex=["Steuer-ID: 86 095 742 719", "86095742719"], neg=["86095742718"], ref=["https://www.bzst.de/DE/Privatpersonen/SteuerlicheIdentifikationsnummer/steuerlicheidentifikationsnummer_node.html"]),
   nid("de.personalausweis.1", "Personalausweis number", r"\b[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d\b", "de_id_card", ["ausweis", "personalausweis", "ausweisnummer"], ex=["Ausweisnummer: T220001293"], neg=["T220001294"], conf=0.85, digits=1),
 ]),
 "jp.toml": ("Japan: My Number, corporate number, bank accounts", [
   nid("jp.my_number.1", "My Number (個人番号)", r"\b\d{4}\s?\d{4}\s?\d{4}\b", "my_number", ["マイナンバー", "個人番号"], ex=["マイナンバー: 1234 5678 9018", "123456789018"], neg=["123456789012"], ref=["https://www.digital.go.jp/policies/mynumber"], conf=0.85),
   nid("jp.corporate_number.1", "Corporate number (法人番号)", r"\b\d{13}\b", "jp_corporate", ["法人番号"], req=True, ex=["法人番号: 7000012050002"], neg=["7000012050002"], conf=0.85),
   nid("jp.bank_account.1", "Japanese bank account (普通/当座 + number)", r"(?:普通|当座|貯蓄)\s*(?:預金)?\s*[0-9０-９]{6,8}", None, ["口座"], ex=["普通 0142052"], neg=["普通"], cat="bank_account", kw=["普通", "当座", "貯蓄"]),
 ]),
 "us.toml": ("United States: SSN, ITIN", [
   nid("us.ssn.1", "Social Security number", r"\b\d{3}-\d{2}-\d{4}\b", "ssn", ["ssn", "social security"], ex=["SSN: 015-37-9197"], neg=["666-12-3456", "000-12-3456"], conf=0.85),
   nid("us.itin.1", "Individual Taxpayer Identification Number", r"\b9\d{2}-\d{2}-\d{4}\b", "itin", ["itin", "taxpayer"], ex=["ITIN 912-70-1234"], neg=["912-40-1234"], conf=0.85),
 ]),
 "uk.toml": ("United Kingdom: National Insurance number", [
   nid("uk.nino.1", "National Insurance number", r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", "nino", ["national insurance", "nino", "ni number"], ex=["NI number: AB 12 34 56 C", "AB123456C"], neg=["BG123456C", "DA123456C"], conf=0.85, ref=["https://www.gov.uk/hmrc-internal-manuals/national-insurance-manual/nim39110"]),
 ]),
 "fr.toml": ("France: NIR (numéro de sécurité sociale)", [
   nid("fr.nir.1", "NIR", r"\b[12378]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}\s?\d{2}\b", "fr_nir", ["sécurité sociale", "securite sociale", "nir", "insee"], ex=["N° sécurité sociale : 2 69 05 49 588 157 80"], neg=["2 69 05 49 588 157 81"]),
 ]),
 "es.toml": ("Spain: DNI, NIE", [
   nid("es.dni.1", "DNI / NIF", r"\b\d{8}-?[A-Z]\b", "es_dni", ["dni", "nif"], ex=["DNI: 12345678Z", "12345678-Z"], neg=["12345678A"]),
   nid("es.nie.1", "NIE", r"\b[XYZ]-?\d{7}-?[A-Z]\b", "es_dni", ["nie"], ex=["NIE X1234567L"], neg=["X1234567A"]),
 ]),
 "it.toml": ("Italy: codice fiscale", [
   nid("it.codice_fiscale.1", "Codice fiscale", r"\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b", "it_codice_fiscale", ["codice fiscale", "c.f."], ex=["Codice fiscale: RSSMRA85T10A562S"], neg=["RSSMRA85T10A562T"]),
 ]),
 "se.toml": ("Sweden: personnummer", [
   nid("se.personnummer.1", "Personnummer", r"\b(?:19|20)?\d{6}[-+]?\d{4}\b", "se_personnummer", ["personnummer", "personnr"], req=True, ex=["Personnummer: 811218-9876"], neg=["811218-9876"]),
 ]),
 "fi.toml": ("Finland: henkilötunnus (HETU)", [
   nid("fi.hetu.1", "Henkilötunnus", r"\b\d{6}[-+ABCDEFUVWXY]\d{3}[0-9A-Y]\b", "fi_hetu", ["henkilötunnus", "hetu", "personbeteckning"], ex=["HETU: 131052-308T", "131052-308T"], neg=["131052-308U"]),
 ]),
 "dk.toml": ("Denmark: CPR number", [
   nid("dk.cpr.1", "CPR-nummer", r"\b(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}-?\d{4}\b", None, ["cpr", "personnummer", "cpr-nr"], req=True, ex=["CPR-nr.: 010203-1234"], neg=["Ordre 010203-1234"], conf=0.85),
 ]),
 "be.toml": ("Belgium: national register number", [
   nid("be.national_number.1", "Rijksregisternummer / numéro national", r"\b\d{2}\.?\d{2}\.?\d{2}[-\s]?\d{3}\.?\d{2}\b", "be_national_number", ["rijksregister", "registre national", "numéro national", "insz", "niss"], ex=["Rijksregisternummer: 93.05.18-223.61"], neg=["93.05.18-223.62"]),
 ]),
 "cz-sk.toml": ("Czechia and Slovakia: rodné číslo", [
   nid("cz.rodne_cislo.1", "Rodné číslo", r"\b\d{6}/?\d{4}\b", "cz_birth_number", ["rodné číslo", "rodne cislo", "r.č."], req=True, ex=["Rodné číslo: 736028/5163"], neg=["736028/5163"]),
 ]),
 "no.toml": ("Norway: fødselsnummer", [
   nid("no.fodselsnummer.1", "Fødselsnummer", r"\b\d{6}\s?\d{5}\b", "no_fodselsnummer", ["fødselsnummer", "fodselsnummer", "personnummer"], req=True, ex=["Fødselsnummer: 01010750160"], neg=["01010750160"], conf=0.85),
 ]),
 "at.toml": ("Austria: Sozialversicherungsnummer", [
   nid("at.svnr.1", "Sozialversicherungsnummer", r"\b\d{4}\s?\d{6}\b", "at_svnr", ["sozialversicherungsnummer", "svnr", "sv-nummer", "versicherungsnummer"], req=True, ex=["SVNR: 1237 010180"], neg=["1237 010180"]),
 ]),
 "pt.toml": ("Portugal: NIF", [
   nid("pt.nif.1", "Número de identificação fiscal", r"\b\d{9}\b", "pt_nif", ["nif", "contribuinte"], req=True, ex=["NIF: 123456789"], neg=["123456789"]),
 ]),
 "ro.toml": ("Romania: CNP", [
   nid("ro.cnp.1", "Cod numeric personal", r"\b[1-8]\d{12}\b", "ro_cnp", ["cnp", "cod numeric personal"], ex=["CNP: 1800101221144"], neg=["1800101221145"]),
 ]),
 "lv.toml": ("Latvia: personas kods", [
   nid("lv.personas_kods.1", "Personas kods", r"\b\d{6}-[0-2]\d{4}\b", "lv_personal_code", ["personas kods", "p.k."], ex=["Personas kods: 161175-19997"], neg=["161175-19998", "16117519997"]),
 ]),
 "ee.toml": ("Estonia: isikukood", [
   nid("ee.isikukood.1", "Isikukood", r"\b[1-6]\d{10}\b", "lt_personal", ["isikukood"], req=True, ex=["Isikukood: 37605030299"], neg=["37605030299"], comment="same two-stage mod-11 check as the Lithuanian code"),
 ]),
 "ch.toml": ("Switzerland: AHV/AVS number", [
   nid("ch.ahv.1", "AHV-Nummer / numéro AVS", r"\b756\.?\d{4}\.?\d{4}\.?\d{2}\b", "ch_ahv", ["ahv", "avs", "sozialversicherung"], ex=["AHV-Nr.: 756.9217.0769.85"], neg=["756.9217.0769.86"]),
 ]),
}
m = 0
for fname, (header, rules) in countries.items():
    m += write(fname, header, rules)
print("national-id rules:", m, "countries:", len(countries))
