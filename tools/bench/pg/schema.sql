-- The PostgreSQL side of the comparison (issue 7; docs/BENCHMARKS.md, "Against PostgreSQL"):
-- the ledger a competent engineer would build on PostgreSQL 15 instead of Crowdledger, for
-- the operations the benchmark's workloads carry (tools/bench/workload.h). Loaded into a
-- fresh database by tools/bench/compare; driven by tools/bench/pg_bench.cc, which sends each
-- ledger transaction as one implicit transaction (libpq pipeline mode: the statements, then
-- one Sync), so a transaction costs one round trip and commits durably at the Sync
-- (synchronous_commit = on, fsync = on: tools/bench/pg/postgresql.conf).
--
-- What it keeps, as Crowdledger does:
--  * balances in `accounts`, one row per account, double entry (every movement debits one
--    account and credits another; external accounts mirror deposits, so balances sum to 0),
--    and cash, escrow and reserve accounts never negative (a CHECK constraint);
--  * campaigns with their hard cap and investor limit (CHECK constraints), pledges, stakes,
--    matching rules and what they matched per enterprise, loans and borrowers' histories;
--  * every ledger transaction as an `entries` row hash-chained to the previous one:
--    hash = sha256(previous hash || entry bytes), computed in SQL in the same transaction,
--    and idempotency by (submitter, tx_id).
-- What it does not do: signatures (Crowdledger verifies an Ed25519 signature on every
-- transaction and signs a checkpoint per group commit), a Merkle tree, per-entry outcomes
-- (the movements), portfolios beyond an index by investor, and the rules the benchmark never
-- exercises (support-loan caps, guarantees, compensation).
--
-- The chain serialises writers. Appending an entry reads the chain head and writes the next
-- one, so the chain head row is locked (UPDATE) from the append until the commit, which
-- includes the WAL flush: concurrent transactions do all their other work in parallel but
-- append and commit one at a time, and PostgreSQL's group commit cannot batch their flushes.
-- append_entry runs last in every transaction to keep that window as short as it can be.
-- Chaining later, in batches, by a background job would lift that limit, but an entry would
-- then be acknowledged before it is chained; Crowdledger acknowledges a transaction only once
-- its entry is in the Merkle tree under a signed checkpoint, so the comparison chains in the
-- transaction.
--
-- Rows updated in place (balances, campaigns, pledges, the chain head) live in tables with
-- free space on every page (fillfactor), so that an update stays on its page and touches no
-- index (a HOT update).
--
-- Deadlocks: every function locks the rows of accounts it moves money between in one
-- statement, in account order, before changing them, and campaigns likewise; the chain
-- head is locked last. The one order not fixed is a mixed "campaign round" whose fourth
-- pledge comes after the cancellation; the load generator retries a transaction that a
-- deadlock (40P01) aborted and counts the retries.

CREATE TABLE parties (
  name         text PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('platform', 'enterprise', 'investor', 'angel',
                                             'seed_fund', 'bank')),
  founded_us   bigint NOT NULL DEFAULT 0,
  maker_space  text
);

CREATE TABLE accounts (
  account          text PRIMARY KEY,  -- cash:<party>:CNY, escrow:<campaign>, reserve:<fund>:<rule>
  balance          bigint NOT NULL DEFAULT 0,
  may_go_negative  boolean NOT NULL DEFAULT false,  -- external:<party>:CNY only
  CONSTRAINT balance_not_negative CHECK (may_go_negative OR balance >= 0)
) WITH (fillfactor = 70);

CREATE TABLE campaigns (
  name              text PRIMARY KEY,
  platform          text NOT NULL REFERENCES parties,
  enterprise        text NOT NULL REFERENCES parties,
  kind              text NOT NULL CHECK (kind IN ('reward', 'equity')),
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'succeeded', 'failed')),
  goal              bigint NOT NULL CHECK (goal > 0),
  hard_cap          bigint NOT NULL DEFAULT 0 CHECK (hard_cap = 0 OR hard_cap >= goal),
  min_pledge        bigint NOT NULL DEFAULT 0 CHECK (min_pledge >= 0),
  max_pledge        bigint NOT NULL DEFAULT 0 CHECK (max_pledge >= 0),
  opens_us          bigint NOT NULL,
  closes_us         bigint NOT NULL,
  cancel_cutoff_us  bigint NOT NULL,
  max_investors     integer NOT NULL CHECK (max_investors BETWEEN 1 AND 100000),
  investors         integer NOT NULL DEFAULT 0,
  raised            bigint NOT NULL DEFAULT 0,
  equity_shares     bigint NOT NULL DEFAULT 0,
  CONSTRAINT window_in_order CHECK (opens_us < closes_us AND cancel_cutoff_us <= closes_us),
  CONSTRAINT hard_cap_exceeded CHECK (hard_cap = 0 OR raised <= hard_cap),
  CONSTRAINT investor_limit_reached CHECK (investors BETWEEN 0 AND max_investors)
) WITH (fillfactor = 70);

-- No foreign keys: pledge() has locked the campaign's row and each investor's cash account
-- (which only registered parties have), and per-row foreign-key triggers would cost more than
-- the rest of a 1,000-pledge batch.
CREATE TABLE pledges (
  campaign  text NOT NULL,
  investor  text NOT NULL,
  amount    bigint NOT NULL CHECK (amount >= 0),  -- 0 once cancelled
  PRIMARY KEY (campaign, investor)
) WITH (fillfactor = 70);
CREATE INDEX pledges_by_investor ON pledges (investor);  -- the investor's portfolio

CREATE TABLE stakes (
  stake        text PRIMARY KEY,
  investor     text NOT NULL,
  enterprise   text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('angel', 'crowd', 'public_interest')),
  shares       bigint NOT NULL CHECK (shares >= 0),
  cost_basis   bigint NOT NULL CHECK (cost_basis > 0),
  acquired_us  bigint NOT NULL
);
CREATE INDEX stakes_by_investor ON stakes (investor);  -- the investor's portfolio

CREATE TABLE matching_rules (
  fund                     text NOT NULL REFERENCES parties,
  rule                     text NOT NULL,
  ratio_bp                 integer NOT NULL CHECK (ratio_bp BETWEEN 1 AND 10000),
  per_enterprise_cap       bigint NOT NULL CHECK (per_enterprise_cap > 0),
  budget                   bigint NOT NULL CHECK (budget > 0),
  spent                    bigint NOT NULL DEFAULT 0,
  leveraged                bigint NOT NULL DEFAULT 0,
  matches                  bigint NOT NULL DEFAULT 0,
  max_enterprise_age_days  integer NOT NULL,
  require_incubation       boolean NOT NULL DEFAULT false,
  eligible_kinds           text[] NOT NULL DEFAULT '{angel,crowd}',
  active                   boolean NOT NULL DEFAULT true,
  PRIMARY KEY (fund, rule),
  CONSTRAINT within_budget CHECK (spent <= budget)
) WITH (fillfactor = 70);

CREATE TABLE matched_per_enterprise (
  fund        text NOT NULL,
  rule        text NOT NULL,
  enterprise  text NOT NULL,
  matched     bigint NOT NULL,
  PRIMARY KEY (fund, rule, enterprise)
) WITH (fillfactor = 70);

CREATE TABLE loans (
  loan            text PRIMARY KEY,
  lender          text NOT NULL REFERENCES parties,
  borrower        text NOT NULL REFERENCES parties,
  principal       bigint NOT NULL CHECK (principal > 0),
  outstanding     bigint NOT NULL,
  annual_rate_bp  integer NOT NULL CHECK (annual_rate_bp BETWEEN 0 AND 10000),
  disbursed_us    bigint NOT NULL,
  maturity_us     bigint NOT NULL,
  first_loan      boolean NOT NULL,
  CONSTRAINT matures_after_disbursal CHECK (maturity_us > disbursed_us)
);

CREATE TABLE borrowers (
  borrower      text PRIMARY KEY,
  direct_loans  integer NOT NULL
) WITH (fillfactor = 70);

-- The log: one row per ledger transaction, chained.
CREATE TABLE entries (
  seq          bigint PRIMARY KEY,
  submitter    text NOT NULL,
  tx_id        bigint NOT NULL,
  recorded_us  bigint NOT NULL,
  payload      bytea NOT NULL,  -- the transaction's operations, as the client encoded them
  hash         bytea NOT NULL,  -- sha256(previous entry's hash || payload)
  UNIQUE (submitter, tx_id)     -- idempotency: a transaction is applied at most once
);

-- The one row every append locks: the last entry's sequence number and hash.
CREATE TABLE chain_head (
  only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  seq       bigint NOT NULL,
  hash      bytea NOT NULL
) WITH (fillfactor = 10);
INSERT INTO chain_head VALUES (true, 0, sha256('crowdledger postgresql comparison'::bytea));

-- The entry's time: the transaction's start, one value for all its operations.
CREATE FUNCTION entry_time_us() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT (extract(epoch FROM now()) * 1000000)::bigint $$;

-- Refusals carry SQLSTATE P0001 and the rule's name first, e.g. 'NotPermitted: ...'.
CREATE FUNCTION refuse(p_rule text, p_detail text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%: %', p_rule, p_detail USING ERRCODE = 'P0001';
END $$;

-- Locks the accounts, in account order, and refuses if one does not exist.
CREATE FUNCTION lock_accounts(p_accounts text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_wanted integer := (SELECT count(DISTINCT a) FROM unnest(p_accounts) AS a);
  v_locked integer;
BEGIN
  SELECT count(*) INTO v_locked FROM (
    SELECT 1 FROM accounts WHERE account = ANY (p_accounts) ORDER BY account FOR UPDATE) AS l;
  IF v_locked <> v_wanted THEN
    PERFORM refuse('NotFound', 'an account does not exist among '
                               || array_to_string(p_accounts, ', '));
  END IF;
END $$;

-- Moves p_amount between two locked accounts (the CHECK refuses an overdraft).
CREATE FUNCTION move(p_from text, p_to text, p_amount bigint) RETURNS void LANGUAGE sql AS $$
  UPDATE accounts SET balance = balance + CASE WHEN account = p_from THEN -p_amount ELSE p_amount END
   WHERE account IN (p_from, p_to);
$$;

-- The append: the next sequence number and hash from the locked chain head, in one statement.
CREATE FUNCTION append_entry(p_submitter text, p_tx_id bigint, p_payload bytea) RETURNS bigint
LANGUAGE sql AS $$
  WITH head AS (
    UPDATE chain_head SET seq = seq + 1, hash = sha256(hash || p_payload) RETURNING seq, hash)
  INSERT INTO entries (seq, submitter, tx_id, recorded_us, payload, hash)
  SELECT seq, p_submitter, p_tx_id, entry_time_us(), p_payload, hash FROM head
  RETURNING seq;
$$;

-- Pledges, set-based: arrays of one element per pledge, any number of campaigns.
CREATE FUNCTION pledge(p_submitter text, p_campaigns text[], p_investors text[],
                       p_amounts bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_time bigint := entry_time_us();
  v_refusal text;
  v_accounts text[];
  v_deltas bigint[];
  v_locked integer;
  v_over_maximum boolean;
BEGIN
  PERFORM 1 FROM campaigns WHERE name = ANY (p_campaigns) ORDER BY name FOR UPDATE;
  SELECT u.campaign || ' for ' || u.investor || ': ' ||
         CASE WHEN c.name IS NULL THEN 'no such campaign'
              WHEN c.status <> 'open' THEN 'the campaign is closed'
              WHEN v_time < c.opens_us THEN 'the campaign has not opened'
              WHEN v_time >= c.closes_us THEN 'the campaign has closed'
              WHEN p_submitter NOT IN (c.platform, u.investor) THEN 'not the platform or investor'
              WHEN u.amount <= 0 THEN 'the amount is not positive'
              ELSE 'below the minimum pledge' END
    INTO v_refusal
    FROM unnest(p_campaigns, p_investors, p_amounts) AS u(campaign, investor, amount)
    LEFT JOIN campaigns c ON c.name = u.campaign
   WHERE c.name IS NULL OR c.status <> 'open' OR v_time < c.opens_us OR v_time >= c.closes_us
      OR p_submitter NOT IN (c.platform, u.investor) OR u.amount <= 0 OR u.amount < c.min_pledge
   LIMIT 1;
  IF v_refusal IS NOT NULL THEN PERFORM refuse('PledgeRefused', v_refusal); END IF;

  -- Each account's net change, in account order: locked in that order, then changed.
  SELECT array_agg(account ORDER BY account), array_agg(delta ORDER BY account)
    INTO v_accounts, v_deltas
    FROM (SELECT account, sum(delta)::bigint AS delta
            FROM (SELECT 'cash:' || investor || ':CNY' AS account, -amount AS delta
                    FROM unnest(p_investors, p_amounts) AS u(investor, amount)
                  UNION ALL
                  SELECT 'escrow:' || campaign, amount
                    FROM unnest(p_campaigns, p_amounts) AS u(campaign, amount)) AS movements
           GROUP BY account) AS net;
  SELECT count(*) INTO v_locked FROM (
    SELECT 1 FROM accounts WHERE account = ANY (v_accounts) ORDER BY account FOR UPDATE) AS l;
  IF v_locked <> cardinality(v_accounts) THEN
    PERFORM refuse('NotFound', 'an investor has no cash account');
  END IF;
  UPDATE accounts a SET balance = a.balance + n.delta
    FROM unnest(v_accounts, v_deltas) AS n(account, delta) WHERE a.account = n.account;

  -- A pledge whose total after the batch equals the batch's amount had none before (or was
  -- cancelled): the campaign gains an investor.
  WITH batch AS (
    SELECT campaign, investor, sum(amount)::bigint AS amount
      FROM unnest(p_campaigns, p_investors, p_amounts) AS u(campaign, investor, amount)
     GROUP BY campaign, investor),
  upserted AS (
    INSERT INTO pledges AS p (campaign, investor, amount)
    SELECT campaign, investor, amount FROM batch ORDER BY campaign, investor
    ON CONFLICT (campaign, investor) DO UPDATE SET amount = p.amount + excluded.amount
    RETURNING p.campaign, p.investor, p.amount),
  per_campaign AS (
    SELECT u.campaign, sum(b.amount)::bigint AS raised,
           count(*) FILTER (WHERE u.amount = b.amount)::integer AS new_investors,
           bool_or(c.max_pledge > 0 AND u.amount > c.max_pledge) AS over_maximum
      FROM upserted u JOIN batch b USING (campaign, investor)
      JOIN campaigns c ON c.name = u.campaign
     GROUP BY u.campaign),
  updated AS (
    UPDATE campaigns c SET raised = c.raised + pc.raised, investors = c.investors + pc.new_investors
      FROM per_campaign pc WHERE c.name = pc.campaign RETURNING pc.over_maximum)
  SELECT bool_or(updated.over_maximum) INTO v_over_maximum FROM updated;
  IF v_over_maximum THEN
    PERFORM refuse('AboveMaximum', 'a pledge total is above the maximum');
  END IF;
END $$;

CREATE FUNCTION cancel_pledge(p_submitter text, p_campaign text, p_investor text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_campaign campaigns%ROWTYPE;
  v_amount bigint;
  v_escrow text := 'escrow:' || p_campaign;
  v_cash text := 'cash:' || p_investor || ':CNY';
BEGIN
  SELECT * INTO v_campaign FROM campaigns WHERE name = p_campaign FOR UPDATE;
  IF NOT FOUND OR v_campaign.status <> 'open' THEN
    PERFORM refuse('CampaignClosed', p_campaign || ' is not open');
  END IF;
  IF p_submitter NOT IN (v_campaign.platform, p_investor) THEN
    PERFORM refuse('NotPermitted', p_submitter || ' may not cancel for ' || p_investor);
  END IF;
  IF entry_time_us() >= v_campaign.cancel_cutoff_us THEN
    PERFORM refuse('AfterCutoff', p_campaign || ' is past its cancellation cut-off');
  END IF;
  SELECT amount INTO v_amount FROM pledges
   WHERE campaign = p_campaign AND investor = p_investor FOR UPDATE;
  IF v_amount IS NULL OR v_amount = 0 THEN
    PERFORM refuse('NotFound', p_investor || ' has no pledge to ' || p_campaign);
  END IF;
  PERFORM lock_accounts(ARRAY[v_escrow, v_cash]);
  PERFORM move(v_escrow, v_cash, v_amount);
  UPDATE pledges SET amount = 0 WHERE campaign = p_campaign AND investor = p_investor;
  UPDATE campaigns SET raised = raised - v_amount, investors = investors - 1
   WHERE name = p_campaign;
END $$;

CREATE FUNCTION open_campaign(p_submitter text, p_campaign text, p_enterprise text,
                              p_kind text, p_goal bigint, p_hard_cap bigint,
                              p_min_pledge bigint, p_max_pledge bigint, p_opens_us bigint,
                              p_closes_us bigint, p_cancel_cutoff_us bigint,
                              p_max_investors integer, p_equity_shares bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM parties WHERE name = p_submitter AND kind = 'platform';
  IF NOT FOUND THEN PERFORM refuse('WrongPartyKind', p_submitter || ' is not a platform'); END IF;
  PERFORM 1 FROM parties WHERE name = p_enterprise AND kind = 'enterprise';
  IF NOT FOUND THEN PERFORM refuse('WrongPartyKind', p_enterprise || ' is not an enterprise'); END IF;
  IF p_kind = 'equity' AND p_equity_shares <= 0 THEN
    PERFORM refuse('InvalidArgument', 'an equity campaign offers shares');
  END IF;
  -- A second campaign of the same name fails on the primary key (unique_violation), terms
  -- out of order on the CHECK constraints.
  INSERT INTO campaigns (name, platform, enterprise, kind, goal, hard_cap, min_pledge,
                         max_pledge, opens_us, closes_us, cancel_cutoff_us, max_investors,
                         equity_shares)
  VALUES (p_campaign, p_submitter, p_enterprise, p_kind, p_goal, p_hard_cap, p_min_pledge,
          p_max_pledge, p_opens_us, p_closes_us, p_cancel_cutoff_us, p_max_investors,
          p_equity_shares);
  INSERT INTO accounts (account) VALUES ('escrow:' || p_campaign);
END $$;

-- Matching (as ledger/matching/matching.cc): every active rule of another fund, for an
-- enterprise young enough, matches ratio_bp of the investment, rounded down, within the
-- rule's per-enterprise cap and budget, buying shares at the same price; a fund matches once
-- per investment. The caller has locked the enterprise's cash account (cash accounts sort
-- before reserves, so the lock order holds); this locks the rules' reserves and rows.
CREATE FUNCTION apply_matching(p_enterprise text, p_investor text, p_kind text,
                               p_amount bigint, p_shares bigint, p_stake_prefix text,
                               p_time bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_enterprise parties%ROWTYPE;
  v_rule matching_rules%ROWTYPE;
  v_matched_before bigint;
  v_match bigint;
  v_funds_matched text[] := '{}';
BEGIN
  SELECT * INTO v_enterprise FROM parties WHERE name = p_enterprise;
  PERFORM lock_accounts(array(
    SELECT 'reserve:' || fund || ':' || rule FROM matching_rules
     WHERE active AND fund IS DISTINCT FROM p_investor));
  FOR v_rule IN SELECT * FROM matching_rules WHERE active AND fund IS DISTINCT FROM p_investor
                 ORDER BY fund, rule FOR UPDATE LOOP
    CONTINUE WHEN v_rule.fund = ANY (v_funds_matched) OR NOT p_kind = ANY (v_rule.eligible_kinds);
    CONTINUE WHEN v_rule.require_incubation AND v_enterprise.maker_space IS NULL;
    CONTINUE WHEN v_enterprise.founded_us <= 0 OR v_enterprise.founded_us > p_time
               OR p_time - v_enterprise.founded_us
                  > v_rule.max_enterprise_age_days::bigint * 86400000000;
    SELECT matched INTO v_matched_before FROM matched_per_enterprise
     WHERE fund = v_rule.fund AND rule = v_rule.rule AND enterprise = p_enterprise;
    v_matched_before := coalesce(v_matched_before, 0);
    v_match := least(p_amount * v_rule.ratio_bp / 10000,
                     v_rule.per_enterprise_cap - v_matched_before, v_rule.budget - v_rule.spent);
    CONTINUE WHEN v_match <= 0;
    PERFORM move('reserve:' || v_rule.fund || ':' || v_rule.rule,
                 'cash:' || p_enterprise || ':CNY', v_match);
    INSERT INTO stakes VALUES (p_stake_prefix || '/' || v_rule.fund, v_rule.fund, p_enterprise,
                               'public_interest', p_shares * v_match / p_amount, v_match, p_time);
    UPDATE matching_rules SET spent = spent + v_match, leveraged = leveraged + p_amount,
                              matches = matches + 1
     WHERE fund = v_rule.fund AND rule = v_rule.rule;
    INSERT INTO matched_per_enterprise VALUES (v_rule.fund, v_rule.rule, p_enterprise, v_match)
    ON CONFLICT (fund, rule, enterprise)
    DO UPDATE SET matched = matched_per_enterprise.matched + excluded.matched;
    v_funds_matched := v_funds_matched || v_rule.fund;
  END LOOP;
END $$;

-- Close: success moves the escrow to the enterprise and, for equity, issues each investor
-- floor(equity_shares * pledge / raised) shares and runs matching; failure refunds.
CREATE FUNCTION close_campaign(p_submitter text, p_campaign text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_campaign campaigns%ROWTYPE;
  v_time bigint := entry_time_us();
  v_succeeded boolean;
  v_escrow text := 'escrow:' || p_campaign;
  v_enterprise_cash text;
BEGIN
  SELECT * INTO v_campaign FROM campaigns WHERE name = p_campaign FOR UPDATE;
  IF NOT FOUND OR v_campaign.status <> 'open' THEN
    PERFORM refuse('CampaignClosed', p_campaign || ' is not open');
  END IF;
  IF p_submitter <> v_campaign.platform THEN
    PERFORM refuse('NotPermitted', 'only the platform closes ' || p_campaign);
  END IF;
  IF v_time < v_campaign.closes_us
     AND NOT (v_campaign.hard_cap > 0 AND v_campaign.raised >= v_campaign.hard_cap) THEN
    PERFORM refuse('StillOpen', p_campaign || ' is still open');
  END IF;
  v_succeeded := v_campaign.raised >= v_campaign.goal;
  v_enterprise_cash := 'cash:' || v_campaign.enterprise || ':CNY';
  IF v_succeeded THEN
    PERFORM lock_accounts(ARRAY[v_escrow, v_enterprise_cash]);
    PERFORM move(v_escrow, v_enterprise_cash, v_campaign.raised);
    IF v_campaign.kind = 'equity' THEN
      INSERT INTO stakes
      SELECT p_campaign || '/' || investor, investor, v_campaign.enterprise, 'crowd',
             div(v_campaign.equity_shares::numeric * amount, v_campaign.raised)::bigint,
             amount, v_time
        FROM pledges WHERE campaign = p_campaign AND amount > 0;
      PERFORM apply_matching(v_campaign.enterprise, NULL, 'crowd', v_campaign.raised,
                             v_campaign.equity_shares, p_campaign || '/campaign-match', v_time);
    END IF;
  ELSE
    PERFORM lock_accounts(array(
      SELECT 'cash:' || investor || ':CNY' FROM pledges
       WHERE campaign = p_campaign AND amount > 0 UNION SELECT v_escrow));
    UPDATE accounts a SET balance = a.balance + p.amount
      FROM pledges p
     WHERE p.campaign = p_campaign AND p.amount > 0 AND a.account = 'cash:' || p.investor || ':CNY';
    UPDATE accounts SET balance = balance - v_campaign.raised WHERE account = v_escrow;
  END IF;
  PERFORM 1 FROM accounts WHERE account = v_escrow AND balance = 0;
  IF NOT FOUND THEN PERFORM refuse('Corruption', 'escrow of ' || p_campaign || ' not empty'); END IF;
  UPDATE campaigns SET status = CASE WHEN v_succeeded THEN 'succeeded' ELSE 'failed' END
   WHERE name = p_campaign;
END $$;

CREATE FUNCTION record_investment(p_submitter text, p_stake text, p_enterprise text,
                                  p_kind text, p_amount bigint, p_shares bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_time bigint := entry_time_us();
  v_investor_cash text := 'cash:' || p_submitter || ':CNY';
  v_enterprise_cash text := 'cash:' || p_enterprise || ':CNY';
BEGIN
  PERFORM 1 FROM parties WHERE name = p_enterprise AND kind = 'enterprise';
  IF NOT FOUND THEN PERFORM refuse('WrongPartyKind', p_enterprise || ' is not an enterprise'); END IF;
  IF p_amount <= 0 OR p_shares <= 0 THEN
    PERFORM refuse('InvalidArgument', 'amount and shares are positive');
  END IF;
  PERFORM lock_accounts(ARRAY[v_investor_cash, v_enterprise_cash]);
  PERFORM move(v_investor_cash, v_enterprise_cash, p_amount);
  -- A second stake of the same name fails on the primary key (unique_violation).
  INSERT INTO stakes VALUES (p_stake, p_submitter, p_enterprise, p_kind, p_shares, p_amount,
                             v_time);
  PERFORM apply_matching(p_enterprise, p_submitter, p_kind, p_amount, p_shares,
                         p_stake || '/match', v_time);
END $$;

CREATE FUNCTION disburse_loan(p_submitter text, p_loan text, p_borrower text,
                              p_principal bigint, p_annual_rate_bp integer, p_maturity_us bigint,
                              p_first_loan boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_lender_cash text := 'cash:' || p_submitter || ':CNY';
  v_borrower_cash text := 'cash:' || p_borrower || ':CNY';
  v_loans_before integer;
BEGIN
  PERFORM 1 FROM parties WHERE name = p_submitter AND kind IN ('bank', 'seed_fund');
  IF NOT FOUND THEN PERFORM refuse('WrongPartyKind', p_submitter || ' is not a lender'); END IF;
  PERFORM 1 FROM parties WHERE name = p_borrower AND kind = 'enterprise';
  IF NOT FOUND THEN PERFORM refuse('WrongPartyKind', p_borrower || ' is not an enterprise'); END IF;
  PERFORM lock_accounts(ARRAY[v_lender_cash, v_borrower_cash]);
  INSERT INTO borrowers AS b VALUES (p_borrower, 1)
  ON CONFLICT (borrower) DO UPDATE SET direct_loans = b.direct_loans + 1
  RETURNING b.direct_loans - 1 INTO v_loans_before;
  IF p_first_loan AND v_loans_before > 0 THEN
    PERFORM refuse('NotEligible', p_borrower || ' already had ' || v_loans_before || ' loans');
  END IF;
  PERFORM move(v_lender_cash, v_borrower_cash, p_principal);
  -- A second loan of the same name fails on the primary key; the CHECK refuses a maturity
  -- that is not after the disbursal.
  INSERT INTO loans VALUES (p_loan, p_submitter, p_borrower, p_principal, p_principal,
                            p_annual_rate_bp, entry_time_us(), p_maturity_us, p_first_loan);
END $$;
