"""Documents that several accounts write: merging two decisions made at once.

A decision holds its own account's lock only. The practice's baseline
(``peer:<practice>``), the installation's (``installation``), an address's
practices (``ip:<address>``) and the accounts on new devices (``campaign``)
are also written by other accounts' decisions, possibly at the same moment in
another worker. A shared store
writes them only if nobody changed them since they were read; otherwise it
calls :func:`merge` with what it read (``base``), what this decision made of
it (``ours``) and what is there now (``theirs``), and tries again. Without it
two accounts of one attacker, deciding at once from one address, would each
erase the other's practice from the address's count.
"""

from __future__ import annotations

ADDRESS_PRACTICES_CAP = 20
CAMPAIGN_MEMBERS_CAP = 50
SEEN_CAP = 60  # addresses and browsers remembered per practice


def is_shared(key: str) -> bool:
    """Account documents are written under the account's lock; every other one is shared."""
    return not key.startswith("acct:")


def merge(key: str, base: dict | None, ours: dict, theirs: dict | None, peer_days: int,
          peer_quantile: float = 0.9) -> dict:
    """``ours`` and ``theirs`` both started from ``base``: the document with both changes."""
    if theirs is None or theirs == base:
        return ours
    if key.startswith("ip:"):
        return {"practices": _latest(ours["practices"], theirs["practices"], ADDRESS_PRACTICES_CAP)}
    if key == "campaign":
        members = {**theirs["members"]}
        for account, (practice, last) in ours["members"].items():
            if account not in members or members[account][1] < last:
                members[account] = [practice, last]
        kept = sorted(members, key=lambda a: members[a][1])[-CAMPAIGN_MEMBERS_CAP:]
        return {"members": {a: members[a] for a in kept}}
    if key.startswith("peer:"):
        return _merge_peer(base or {}, ours, theirs, peer_days, peer_quantile)
    if key == "installation":
        return {**theirs, **_merge_days(base or {}, ours, theirs, peer_days, peer_quantile)}
    return ours


def _latest(ours: dict, theirs: dict, cap: int) -> dict:
    """Both tables of last-seen times, the later time kept, the most recent ``cap``."""
    merged = dict(theirs)
    for name, last in ours.items():
        merged[name] = max(last, merged.get(name, last))
    kept = sorted(merged, key=merged.get)[-cap:]
    return {name: merged[name] for name in kept}


def file_day(baseline: dict, day: list, keep: int, quantile: float = 0.9) -> None:
    """Add an account's finished ``day`` to a baseline (a practice's, the installation's):
    its ``keep`` most recent days, and their ``quantile`` once it holds 5."""
    days = baseline["days"]
    days.append(day)
    del days[:-keep]
    if len(days) >= 5:
        rank = int(quantile * (len(days) - 1))
        baseline["p90"] = [sorted(d[i] for d in days)[rank] for i in range(len(day))]


def _merge_days(base: dict, ours: dict, theirs: dict, peer_days: int, quantile: float) -> dict:
    """The filed days (and their 90th percentile) of ``theirs`` with the one this decision filed."""
    # A decision files at most one finished day of its account.
    if ours["days"] == base.get("days", []) or not ours["days"]:
        return {}
    merged = {"days": list(theirs["days"]), "p90": theirs["p90"]}
    file_day(merged, ours["days"][-1], peer_days, quantile)
    return merged


def _merge_peer(base: dict, ours: dict, theirs: dict, peer_days: int, quantile: float) -> dict:
    merged = {**theirs, **_merge_days(base, ours, theirs, peer_days, quantile)}
    base_hours = base.get("hour_profile", [0] * 24)
    merged["hour_profile"] = [max(0, t + o - b) for t, o, b in
                              zip(theirs["hour_profile"], ours["hour_profile"], base_hours)]
    for table in ("ips", "agents"):
        merged[table] = _merge_seen(base.get(table, {}), ours[table], theirs[table])
    return merged


def _merge_seen(base: dict, ours: dict, theirs: dict) -> dict:
    """Tables of ``name -> [first_day, last_day, [accounts]]``, most recently used last."""
    merged = {name: list(entry) for name, entry in theirs.items()}
    for name, entry in ours.items():
        if base.get(name) == entry:
            continue  # untouched by this decision
        if name in merged:
            first, last, accounts = merged.pop(name)
            entry = [min(first, entry[0]), max(last, entry[1]), list(dict.fromkeys(accounts + entry[2]))[:3]]
        merged[name] = entry
    while len(merged) > SEEN_CAP:
        del merged[next(iter(merged))]
    return merged
