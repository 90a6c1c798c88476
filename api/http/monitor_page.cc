// The monitoring page: its words (the page's own, and the report's figure labels so that the
// page and the signed reports name a figure alike), then the HTML template they go into.
#include "api/http/monitor_page.h"

#include <array>
#include <string_view>

#include "ledger/reports/canonical_json.h"

namespace crowdledger::api::http {
namespace {

struct Text {
  std::string_view key, zh, en;
};

constexpr std::array kPageTexts = {
    Text{"title", "众创空间统计监测平台", "Maker-space statistics and monitoring"},
    Text{"subtitle", "实时跟踪众创空间扶持资金：每个数字都读自一个已签名的账本检查点",
         "Live tracking of the maker-space programme: every figure is read at a signed ledger "
         "checkpoint"},
    Text{"lang_switch", "English", "中文"},
    Text{"lang_href", "?lang=en", "?lang=zh"},
    Text{"connecting", "连接中…", "connecting…"},
    Text{"live", "实时", "live"},
    Text{"offline", "连接中断，正在重试", "connection lost, retrying"},
    Text{"updated", "更新于", "updated"},
    Text{"read_at", "读取自检查点", "read at checkpoint"},
    Text{"programme", "全市汇总", "Programme totals"},
    Text{"campaigns_now", "互联网众筹", "Crowdfunding"},
    Text{"open_now", "进行中的众筹", "Campaigns open now"},
    Text{"opened", "已发起", "Opened"},
    Text{"succeeded", "成功", "Succeeded"},
    Text{"failed", "未达目标", "Missed their goal"},
    Text{"matching_budgets", "配套投资与预算", "Matching against budgets"},
    Text{"rule", "配套规则", "Rule"},
    Text{"fund", "基金", "Fund"},
    Text{"ratio", "配套比例", "Ratio"},
    Text{"budget", "预算", "Budget"},
    Text{"spent", "已配套", "Matched"},
    Text{"remaining", "剩余额度", "Remaining"},
    Text{"matches", "笔数", "Matches"},
    Text{"no_rules", "暂无生效的配套规则", "No matching rule is active"},
    Text{"compensation_limits", "风险补偿与限额", "Compensation against limits"},
    Text{"pool", "风险补偿资金池", "Pool"},
    Text{"shares", "补偿比例（天使投资 / 首贷）", "Share (angel / first loan)"},
    Text{"paid_total", "累计补偿", "Paid in total"},
    Text{"year_cap", "年度限额使用", "Yearly cap used"},
    Text{"no_policy", "尚未设定补偿政策", "no policy set yet"},
    Text{"no_pools", "暂无风险补偿资金池", "No compensation pool"},
    Text{"by_district", "分区县", "By district"},
    Text{"by_maker_space", "分众创空间", "By maker space"},
    Text{"name", "名称", "Name"},
    Text{"recent", "最新账本条目", "Latest entries"},
    Text{"sequence", "序号", "Entry"},
    Text{"time", "时间（北京时间）", "Time (UTC+8)"},
    Text{"submitter", "提交方", "Submitter"},
    Text{"operations", "操作", "Operations"},
    Text{"movements", "资金划转", "Movements"},
    Text{"outcome", "结果", "Outcome"},
    Text{"none", "暂无", "none yet"},
    Text{"shown_of", "显示 {0} 项，共 {1} 项", "showing {0} of {1}"},
    Text{"signed_note", "已签名的检查点（C2SP tlog-checkpoint）",
         "Signed checkpoint (C2SP tlog-checkpoint)"},
    Text{"verify",
         "页面上的全部数字读自同一状态，即此检查点所签名的账本前缀；可通过 /checkpoint、/tile/… "
         "与 crowdledger report / audit 独立核验。",
         "Every figure on this page was read from one state: the ledger prefix this checkpoint "
         "signs. Check it independently with /checkpoint, /tile/… and crowdledger report / audit."},
    Text{"latest_checkpoint", "最新检查点", "latest checkpoint"},
    Text{"currency", "币种", "Currency"},
};

// Figures whose labels the page takes from the report's tables.
constexpr std::array kFigureNames = {
    "deposits_amount",
    "investments_amount",
    "investments_count",
    "matched_amount",
    "leveraged_amount",
    "loans_disbursed",
    "loans_outstanding",
    "compensation_paid",
    "subsidies_amount",
    "vouchers_unredeemed_amount",
    "campaigns_opened",
    "pledged_amount",
    "raised_amount",
    "refunded_amount",
    "parties_registered",
    "enterprises_registered",
    "micro_enterprises_registered",
    "maker_spaces_registered",
    "per_enterprise_cap",
    "per_year_cap",
    "tree_size",
    "root_hash",
    "checkpoint",
    "amounts_note",
    "leverage_private_to_public",
};

std::string Labels(ReportLanguage language) {
  JsonValue::Object labels;
  for (const char* name : kFigureNames) labels[name] = std::string(FigureLabel(name, language));
  for (const Text& text : kPageTexts) {
    labels[std::string(text.key)] =
        std::string(language == ReportLanguage::Chinese ? text.zh : text.en);
  }
  // The JSON goes into a <script>: "</" must not appear in it (no label has it; keep it so).
  std::string json = CanonicalJson(JsonValue(std::move(labels)));
  for (size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at)) {
    json.replace(at, 2, "<\\/");
  }
  return json;
}

// The template. @LANG@, @HTML_LANG@, @TITLE@ and @LABELS@ are replaced; nothing else in it
// is an '@'.
constexpr std::string_view kTemplate = R"html(<!DOCTYPE html>
<html lang="@HTML_LANG@">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>@TITLE@</title>
<style>
:root { --ink:#1d2733; --muted:#5b6b7c; --line:#dde3ea; --bg:#f4f6f9; --card:#fff;
        --accent:#b5121b; --ok:#1a7f37; --bar:#2f6fb3; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
       color:var(--ink); background:var(--bg); }
header { background:var(--card); border-bottom:3px solid var(--accent); padding:12px 16px; }
header h1 { margin:0; font-size:1.25rem; }
header p { margin:2px 0 8px; color:var(--muted); font-size:.85rem; }
#lang { float:right; font-size:.9rem; }
.status { font-size:.85rem; color:var(--muted); display:flex; flex-wrap:wrap; gap:4px 14px;
          align-items:center; }
.dot { display:inline-block; width:9px; height:9px; border-radius:50%; background:#aaa;
       margin-right:5px; vertical-align:middle; }
.dot.live { background:var(--ok); }
.dot.offline { background:var(--accent); }
code { font-family:ui-monospace,Menlo,Consolas,monospace; font-size:.85em; word-break:break-all; }
main { padding:8px 12px 24px; max-width:1280px; margin:0 auto; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px;
          margin:12px 0; padding:10px 12px; }
h2 { font-size:1.05rem; margin:2px 0 10px; display:flex; justify-content:space-between;
     gap:8px; flex-wrap:wrap; }
a.at { font-size:.75rem; font-weight:normal; color:var(--muted); text-decoration:none;
       border:1px solid var(--line); border-radius:10px; padding:1px 8px; }
.cards { display:grid; grid-template-columns:repeat(auto-fill,minmax(150px,1fr)); gap:8px; }
.card { border:1px solid var(--line); border-radius:6px; padding:8px 10px; }
.card .label { font-size:.78rem; color:var(--muted); }
.card .value { font-size:1.2rem; font-weight:600; font-variant-numeric:tabular-nums;
               word-break:break-all; }
.card .unit { font-size:.75rem; color:var(--muted); font-weight:normal; margin-left:3px; }
.card.big .value { font-size:1.7rem; color:var(--accent); }
.scroll { overflow-x:auto; }
table { border-collapse:collapse; width:100%; font-size:.88rem; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); white-space:nowrap; }
th { color:var(--muted); font-weight:600; font-size:.8rem; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.barbox { background:#e7edf4; border-radius:4px; height:8px; min-width:80px; margin-top:3px; }
.barbox > div { background:var(--bar); height:8px; border-radius:4px; }
.note { color:var(--muted); font-size:.8rem; }
pre { background:#f7f9fb; border:1px solid var(--line); padding:8px; overflow-x:auto;
      font-size:.8rem; white-space:pre-wrap; word-break:break-all; }
.flash { animation: flash 1.2s ease-out; }
@keyframes flash { from { background:#fff4c2; } to { background:transparent; } }
@media (max-width: 640px) {
  body { font-size:14px; }
  .wide { display:none; }
  .cards { grid-template-columns:repeat(2,minmax(0,1fr)); }
  main { padding:4px 6px 16px; }
}
</style>
</head>
<body>
<header>
<a id="lang" href="#">-</a>
<h1 id="title"></h1>
<p id="subtitle"></p>
<div class="status">
<span><span id="live" class="dot"></span><span id="status-text"></span></span>
<span><span data-t="tree_size"></span>: <a id="tree-size" href="#checkpoint">-</a></span>
<span><span data-t="root_hash"></span>: <code id="root">-</code></span>
<span><span data-t="updated"></span> <span id="updated">-</span></span>
</div>
</header>
<main>
<section id="programme-section"><h2><span data-t="programme"></span><a class="at" href="#checkpoint"></a></h2>
<div class="cards" id="programme"></div></section>
<section id="campaigns-section"><h2><span data-t="campaigns_now"></span><a class="at" href="#checkpoint"></a></h2>
<div class="cards" id="campaigns"></div></section>
<section id="matching-section"><h2><span data-t="matching_budgets"></span><a class="at" href="#checkpoint"></a></h2>
<div class="scroll" id="matching"></div></section>
<section id="compensation-section"><h2><span data-t="compensation_limits"></span><a class="at" href="#checkpoint"></a></h2>
<div class="scroll" id="compensation"></div></section>
<section id="districts-section"><h2><span data-t="by_district"></span><a class="at" href="#checkpoint"></a></h2>
<div class="scroll" id="districts"></div></section>
<section id="maker-spaces-section"><h2><span data-t="by_maker_space"></span><a class="at" href="#checkpoint"></a></h2>
<div class="scroll" id="maker-spaces"></div></section>
<section id="recent-section"><h2><span data-t="recent"></span><a class="at" href="#checkpoint"></a></h2>
<div class="scroll" id="recent"></div></section>
<section id="checkpoint"><h2><span data-t="signed_note"></span><a class="at" href="/checkpoint" data-t="latest_checkpoint"></a></h2>
<pre id="note">-</pre><p class="note" data-t="verify"></p></section>
<p class="note" data-t="amounts_note"></p>
</main>
<script>
'use strict';
const LANG = '@LANG@';
const T = @LABELS@;
const POLL_MS = 2000;
const byId = (id) => document.getElementById(id);

// Numbers keep their exact digits: each JSON number becomes a BigInt from its source text.
function parseState(text) {
  return JSON.parse(text, (key, value, context) => {
    if (typeof value !== 'number') return value;
    if (context && typeof context.source === 'string') return BigInt(context.source);
    return BigInt(Math.trunc(value));
  });
}
const big = (v) => (typeof v === 'bigint' ? v : 0n);
const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
function count(v) { const n = big(v); return (n < 0n ? '-' : '') + group((n < 0n ? -n : n).toString()); }
// Minor units (fen) as yuan with two decimals, by integer arithmetic only.
function yuan(v) {
  const n = big(v), a = n < 0n ? -n : n;
  return (n < 0n ? '-' : '') + group((a / 100n).toString()) + '.' + (a % 100n).toString().padStart(2, '0');
}
function percent(bp) { const n = big(bp); return (n / 100n).toString() + '.' + (n % 100n).toString().padStart(2, '0') + '%'; }
function share(part, whole) { const w = big(whole); if (w <= 0n) return 0; const p = big(part) * 1000n / w; return Number(p > 1000n ? 1000n : p < 0n ? 0n : p) / 10; }
function time(us) {
  const d = new Date(Number(big(us) / 1000n));
  return d.toLocaleString(LANG === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour12: false });
}
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}
function card(label, value, unit, extra) {
  const v = el('div', { class: 'value' }, value);
  if (unit) v.append(el('span', { class: 'unit' }, unit));
  return el('div', { class: 'card' + (extra ? ' ' + extra : ''), title: checkpointTitle }, el('div', { class: 'label' }, label), v);
}
function table(headers, rows, numeric) {
  const head = el('tr', {}, ...headers.map((h, i) => el('th', { class: (numeric[i] ? 'num' : '') + (h.wide ? ' wide' : '') }, h.text || h)));
  const body = rows.map((cells) => el('tr', {}, ...cells.map((c, i) => el('td', { class: (numeric[i] ? 'num' : '') + (headers[i].wide ? ' wide' : ''), title: checkpointTitle }, c))));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
}
function bar(part, whole) {
  const inner = el('div', {}); inner.style.width = share(part, whole) + '%';
  return el('div', { class: 'barbox' }, inner);
}
const fill = (id, ...nodes) => byId(id).replaceChildren(...nodes);
const currencies = (object) => Object.keys(object || {}).sort();
let checkpointTitle = '';

function renderProgramme(state) {
  const p = state.programme, codes = currencies(p.currencies), cards = [];
  for (const code of codes) {
    const c = p.currencies[code], unit = code;
    const f = (sec, name) => (c[sec] || {})[name];
    cards.push(card(T.deposits_amount, yuan(f('capital', 'deposits_amount')), unit));
    cards.push(card(T.investments_amount, yuan(f('equity', 'investments_amount')), unit));
    cards.push(card(T.investments_count, count(f('equity', 'investments_count'))));
    cards.push(card(T.matched_amount, yuan(f('matching', 'matched_amount')), unit));
    cards.push(card(T.leveraged_amount, yuan(f('matching', 'leveraged_amount')), unit));
    cards.push(card(T.loans_disbursed, yuan(f('loans', 'loans_disbursed')), unit));
    cards.push(card(T.loans_outstanding, yuan((c.positions || {}).loans_outstanding), unit));
    cards.push(card(T.compensation_paid, yuan(f('compensation', 'compensation_paid')), unit));
    cards.push(card(T.subsidies_amount, yuan(c.subsidies_amount), unit));
    cards.push(card(T.vouchers_unredeemed_amount, yuan((c.positions || {}).vouchers_unredeemed_amount), unit));
  }
  const r = p.registrations || {};
  for (const name of ['enterprises_registered', 'micro_enterprises_registered', 'maker_spaces_registered', 'parties_registered']) {
    cards.push(card(T[name], count(r[name])));
  }
  fill('programme', ...cards);
}

function renderCampaigns(state) {
  const cards = [];
  for (const code of currencies(state.campaigns)) {
    const c = state.campaigns[code];
    cards.push(card(T.open_now, count(c.open_now), '', 'big'));
    cards.push(card(T.opened, count(c.opened)));
    cards.push(card(T.succeeded, count(c.succeeded)));
    cards.push(card(T.failed, count(c.failed)));
    cards.push(card(T.pledged_amount, yuan(c.pledged_amount), code));
    cards.push(card(T.raised_amount, yuan(c.raised_amount), code));
  }
  if (cards.length === 0) cards.push(card(T.open_now, '0', '', 'big'));
  fill('campaigns', ...cards);
}

function renderMatching(state) {
  const rules = (state.matching || {}).active_rules || [];
  if (rules.length === 0) return fill('matching', el('p', { class: 'note' }, T.no_rules));
  const rows = rules.map((r) => {
    const spent = el('div', {}, yuan(r.spent) + ' / ' + yuan(r.budget) + ' ' + r.currency, bar(r.spent, r.budget));
    return [r.fund_name || r.fund, r.rule, percent(r.ratio_bp), spent, yuan(r.remaining), yuan(r.leveraged), count(r.matches)];
  });
  fill('matching', table([T.fund, T.rule, { text: T.ratio, wide: true }, T.spent + ' / ' + T.budget, T.remaining,
                          { text: T.leveraged_amount, wide: true }, { text: T.matches, wide: true }],
                         rows, [false, false, true, false, true, true, true]));
}

function renderCompensation(state) {
  const pools = (state.compensation || {}).pools || [];
  if (pools.length === 0) return fill('compensation', el('p', { class: 'note' }, T.no_pools));
  const rows = pools.map((p) => {
    const c = p.policy;
    if (!c) return [p.name || p.pool, T.no_policy, '', '', ''];
    const year = el('div', {}, yuan(c.paid_this_year) + ' / ' + yuan(c.per_year_cap) + ' (' + c.year.toString() + ')', bar(c.paid_this_year, c.per_year_cap));
    return [p.name || p.pool, percent(c.angel_loss_share_bp) + ' / ' + percent(c.first_loan_loss_share_bp),
            yuan(c.paid) + ' ' + c.currency, year, yuan(c.per_enterprise_cap)];
  });
  fill('compensation', table([T.pool, T.shares, T.paid_total, T.year_cap, { text: T.per_enterprise_cap, wide: true }],
                             rows, [false, false, true, false, true]));
}

function renderSections(id, block) {
  const rows = [];
  for (const row of (block && block.rows) || []) {
    for (const code of currencies(row.currencies)) {
      const c = row.currencies[code];
      rows.push([row.name || row.id, count((row.registrations || {}).enterprises_registered), yuan(c.investments_amount),
                 yuan(c.matched_amount), yuan(c.loans_disbursed), yuan(c.compensation_paid), yuan(c.subsidies_amount),
                 count(c.campaigns_opened), code]);
    }
    if (currencies(row.currencies).length === 0) {
      rows.push([row.name || row.id, count((row.registrations || {}).enterprises_registered), '', '', '', '', '', '', '']);
    }
  }
  if (rows.length === 0) return fill(id, el('p', { class: 'note' }, T.none));
  const nodes = [table([T.name, T.enterprises_registered, T.investments_amount, T.matched_amount,
                        { text: T.loans_disbursed, wide: true }, { text: T.compensation_paid, wide: true },
                        { text: T.subsidies_amount, wide: true }, { text: T.campaigns_opened, wide: true },
                        { text: T.currency, wide: true }],
                       rows, [false, true, true, true, true, true, true, true, false])];
  if (block.truncated) nodes.push(el('p', { class: 'note' }, T.shown_of.replace('{0}', block.rows.length).replace('{1}', count(block.total))));
  fill(id, ...nodes);
}

function renderRecent(state) {
  const entries = state.recent_entries || [];
  if (entries.length === 0) return fill('recent', el('p', { class: 'note' }, T.none));
  const rows = entries.map((e) => [count(e.sequence), time(e.time_us), e.submitter,
    e.operations.map((o) => o.kind + (o.count > 1n ? ' ×' + count(o.count) : '')).join(', '),
    count(e.movements), e.outcome]);
  fill('recent', table([T.sequence, { text: T.time, wide: true }, T.submitter, T.operations,
                        { text: T.movements, wide: true }, { text: T.outcome, wide: true }],
                       rows, [true, false, false, false, true, false]));
}

let shownSize = null;
function render(state) {
  const cp = state.checkpoint;
  checkpointTitle = T.read_at + ' ' + cp.tree_size.toString() + ' · ' + cp.root_hash;
  renderProgramme(state);
  renderCampaigns(state);
  renderMatching(state);
  renderCompensation(state);
  renderSections('districts', state.districts);
  renderSections('maker-spaces', state.maker_spaces);
  renderRecent(state);
  byId('tree-size').textContent = count(cp.tree_size);
  byId('root').textContent = cp.root_hash;
  byId('note').textContent = cp.note;
  for (const a of document.querySelectorAll('a.at[href="#checkpoint"]')) {
    a.textContent = T.read_at + ' ' + count(cp.tree_size);
    a.title = cp.root_hash;
  }
  if (shownSize !== null && shownSize !== cp.tree_size) {
    for (const s of document.querySelectorAll('section')) { s.classList.remove('flash'); void s.offsetWidth; s.classList.add('flash'); }
  }
  shownSize = cp.tree_size;
  document.body.dataset.treeSize = cp.tree_size.toString();
}

function setStatus(kind) {
  byId('live').className = 'dot ' + kind;
  byId('status-text').textContent = T[kind];
}

let etag = null;
async function poll() {
  try {
    const headers = etag ? { 'If-None-Match': etag } : {};
    const response = await fetch('/monitor/state.json', { cache: 'no-store', headers });
    if (response.status === 200) {
      render(parseState(await response.text()));
      etag = response.headers.get('ETag');
    }
    if (response.status === 200 || response.status === 304) {
      setStatus('live');
      byId('updated').textContent = new Date().toLocaleTimeString(LANG === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
    } else {
      setStatus('offline');
    }
  } catch (error) {
    setStatus('offline');
  }
  setTimeout(poll, POLL_MS);
}

for (const node of document.querySelectorAll('[data-t]')) node.textContent = T[node.dataset.t];
byId('title').textContent = T.title;
byId('subtitle').textContent = T.subtitle;
byId('lang').textContent = T.lang_switch;
byId('lang').setAttribute('href', T.lang_href);
setStatus('connecting');
poll();
</script>
</body>
</html>
)html";

std::string Build(ReportLanguage language) {
  bool chinese = language == ReportLanguage::Chinese;
  std::string page(kTemplate);
  auto replace = [&page](std::string_view name, std::string_view value) {
    size_t at = page.find(name);
    if (at != std::string::npos) page.replace(at, name.size(), value);
  };
  replace("@HTML_LANG@", chinese ? "zh-CN" : "en");
  replace("@TITLE@", chinese ? kPageTexts[0].zh : kPageTexts[0].en);
  replace("@LANG@", chinese ? "zh" : "en");
  replace("@LABELS@", Labels(language));
  return page;
}

}  // namespace

const std::string& MonitorPage(ReportLanguage language) {
  static const std::string chinese = Build(ReportLanguage::Chinese);
  static const std::string english = Build(ReportLanguage::English);
  return language == ReportLanguage::Chinese ? chinese : english;
}

}  // namespace crowdledger::api::http
