import { THEME_CSS } from './theme.js';

/**
 * The one style sheet of the result pages. The CSP allows exactly this text by its hash, so it
 * must reach the page byte for byte: it is a constant, never built per request.
 */
export const PAGE_CSS = `${THEME_CSS}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:48px 20px;background:var(--background) radial-gradient(ellipse 80% 50% at 50% -10%,rgba(255,255,255,.07),transparent 70%) no-repeat;color:var(--text);font:15px/1.6 var(--font-sans);-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale}
.card{width:100%;max-width:448px;padding:48px 40px 32px;background:var(--surface);border:1px solid var(--border);border-radius:var(--radius);box-shadow:inset 0 1px 0 rgba(255,255,255,.04);text-align:center}
.mark{position:relative;width:96px;height:96px;margin:0 auto 32px;color:var(--logo)}
.mark::before{content:"";position:absolute;inset:-40px;border-radius:50%;background:radial-gradient(circle,var(--glow),transparent 65%)}
.mark>svg{position:relative;display:block;width:96px;height:96px}
.badge{position:absolute;right:-8px;bottom:-4px;width:32px;height:32px;border-radius:50%;background:var(--surface);box-shadow:0 0 0 4px var(--surface)}
.badge svg{display:block;width:32px;height:32px}
.success{--glow:rgba(34,197,94,.16)}
.success .badge{color:var(--success)}
.failure{--glow:rgba(239,68,68,.14)}
.failure .badge{color:var(--danger)}
h1{margin:0 0 10px;font-size:24px;line-height:1.3;font-weight:600;letter-spacing:-.02em;color:var(--text);text-wrap:balance}
p{margin:0}
.lead{color:var(--text-muted);overflow-wrap:anywhere;text-wrap:pretty}
.lead strong{font-weight:500;color:var(--text)}
.account{display:flex;align-items:center;gap:14px;margin-top:24px;padding:14px 16px;text-align:left;background:var(--background);border:1px solid var(--border);border-radius:12px}
.avatar{flex:none;display:grid;place-items:center;width:40px;height:40px;border-radius:50%;background:linear-gradient(135deg,#2a2a2a,#161616);border:1px solid var(--border);font-size:16px;font-weight:600;color:var(--text)}
.who{display:flex;flex-direction:column;min-width:0;line-height:1.45}
.caption{font-size:12px;color:var(--text-subtle)}
.email{font-weight:500;color:var(--text);overflow-wrap:anywhere}
.org{font-size:13px;color:var(--text-muted);overflow-wrap:anywhere}
.sep{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.detail{margin-top:20px;padding:12px 14px;text-align:left;background:var(--background);border:1px solid var(--border);border-radius:var(--radius-small)}
.detail-label{display:block;margin-bottom:4px;font-size:11px;font-weight:500;line-height:1.5;letter-spacing:.06em;text-transform:uppercase;color:var(--text-subtle)}
.detail-text{font:13px/1.55 var(--font-mono);color:var(--text);overflow-wrap:anywhere}
.next{margin-top:28px;padding-top:20px;border-top:1px solid var(--border);font-size:14px;color:var(--text-muted);text-wrap:balance}
.next strong{font-weight:500;color:var(--text)}
code{padding:2px 6px;font:12.5px var(--font-mono);color:var(--text);white-space:nowrap;background:var(--surface-raised);border:1px solid var(--border);border-radius:6px}
footer{display:flex;align-items:center;gap:8px;margin-top:24px;font-size:13px;font-weight:500;color:var(--text-subtle)}
footer svg{display:block;width:16px;height:16px}
@media (max-width:480px){.card{padding:40px 24px 28px}}
`;
