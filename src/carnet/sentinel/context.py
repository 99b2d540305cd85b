"""Context signals that make the same volume more suspicious.

Each returns a (multiplier, French phrase) or None; the engine divides the
allowances by the product of the multipliers and quotes the phrases.
"""

from __future__ import annotations

import ipaddress
import re

from . import lookups, windows
from .events import AccessEvent
from .policy import Policy

_TRAILING_NUMBER = re.compile(r"(\d+)$")
_DAY = 24 * 3600


def trailing_number(patient: str) -> int | None:
    match = _TRAILING_NUMBER.search(patient)
    return int(match.group(1)) if match else None


def _touch_seen(table: dict, key: str, day: str, cap: int, account: str) -> None:
    """table[key] = [first_day, last_day, [accounts...]] with LRU eviction at ``cap``."""
    entry = table.pop(key, None)
    if entry is None:
        entry = [day, day, []]
    entry[1] = day
    if account not in entry[2] and len(entry[2]) < 3:
        entry[2].append(account)
    table[key] = entry  # re-inserted last: most recently used
    while len(table) > cap:
        del table[next(iter(table))]


def _trusted(entry: list | None, today: str, min_accounts: int = 1) -> bool:
    """Seen before today (by at least ``min_accounts`` accounts): not new any more.

    Something first seen today stays new all day, so a stolen session used from
    a new address keeps the signal for as long as it is used.
    """
    return entry is not None and entry[0] < today and len(entry[2]) >= min_accounts


def network_novelty(event: AccessEvent, account: dict, peer: dict, policy: Policy) -> tuple:
    """(new address, new browser): each a hit or None, for an account that has a
    past to compare with."""
    if not account["history"]:
        return None, None
    today = event.local_day
    address = browser = None
    if event.ip and not _trusted(account["ips"].get(event.ip), today) and not _trusted(
        peer["ips"].get(event.ip), today, min_accounts=2
    ):
        address = (policy.new_ip, "depuis une adresse réseau nouvelle pour ce compte")
    if event.agent and not _trusted(account["agents"].get(event.agent), today) and not _trusted(
        peer["agents"].get(event.agent), today, min_accounts=2
    ):
        browser = (policy.new_agent, "depuis un navigateur ou un poste inconnu de ce compte")
    return address, browser


def remember_network(event: AccessEvent, account: dict, peer: dict) -> None:
    day = event.local_day
    if event.ip:
        account.setdefault("first_ip", event.ip)
        _touch_seen(account["ips"], event.ip, day, 12, event.account)
        _touch_seen(peer["ips"], event.ip, day, 60, event.account)
    if event.agent:
        _touch_seen(account["agents"], event.agent, day, 12, event.account)
        _touch_seen(peer["agents"], event.agent, day, 60, event.account)


def two_places(event: AccessEvent, account: dict, new_address: bool, policy: Policy) -> tuple | None:
    """The account in use from one of its known addresses and from a new one at once.

    A person works from one place at a time: a doctor who goes home has left
    the office, and a phone on a mobile network changes address at almost
    every request. Requests from an address new to the account that alternate,
    within ``two_places_window_s``, with requests from one of its known
    addresses, each address used several times: someone else holds a session
    (a stolen cookie, a shared password) while the owner works. The two must
    be in different operators' blocks (``_network``): a home line renumbered
    while two browser tabs are open alternates within one. Keeps the
    account's recent requests as runs of one address, [address, last time,
    requests], oldest first.
    """
    if not event.ip:
        return None
    runs = account.setdefault("address_runs", [])
    now = event.epoch
    if runs and runs[-1][0] == event.ip:
        runs[-1][1] = now
        runs[-1][2] += 1
    else:
        runs.append([event.ip, now, 1])
    while runs and now - runs[0][1] > policy.two_places_window_s:
        runs.pop(0)
    del runs[:-policy.two_places_runs_kept]
    if not new_address or sum(r[2] for r in runs if r[0] == event.ip) < policy.two_places_requests:
        return None
    today, network = event.local_day, _network(event.ip)
    for known in {r[0] for r in runs if _network(r[0]) != network and _trusted(account["ips"].get(r[0]), today)}:
        pair = [r for r in runs if r[0] in (event.ip, known)]
        switches = sum(1 for a, b in zip(pair, pair[1:]) if a[0] != b[0])
        if switches >= 3 and sum(r[2] for r in pair if r[0] == known) >= policy.two_places_requests:
            return (policy.two_places, "utilisé au même moment depuis une adresse habituelle du compte et "
                                       "depuis une adresse nouvelle")
    return None


def _network(address: str) -> str:
    """The operator's block an address belongs to (IPv4 /16, IPv6 /48): a home line
    renumbered by its provider, a practice's two load-balanced links, a computer's
    rotating IPv6 addresses stay within one."""
    try:
        return str(ipaddress.ip_network(f"{address}/{16 if ':' not in address else 48}", strict=False))
    except ValueError:
        return address


def shared_address(event: AccessEvent, address_doc: dict, account: dict, policy: Policy) -> tuple | None:
    """One address, new to this account, behind accounts of several practices today.

    An address the account has used on earlier days (a shared network of a
    health centre) is not held against it, nor, for an account without a
    past, the first address it ever used: on a first day nothing tells a health
    centre's common connection from an attacker's, but an attacker holding
    accounts of a fresh deployment comes after their owners, from elsewhere
    (independent seed 21: 15 accounts of 5 practices on their first day, 254
    patients -> 11; seed 11 288 -> 37; no step-up more over 26 seeds).
    """
    practices = address_doc["practices"]
    now = event.epoch
    for practice in [p for p, last in practices.items() if now - last > _DAY]:
        del practices[practice]
    practices[event.practice or "?"] = now
    if len(practices) > 20:
        del practices[min(practices, key=practices.get)]
    if _trusted(account["ips"].get(event.ip), event.local_day):
        return None  # an address of its own
    if not account["history"] and account.get("first_ip", event.ip) == event.ip:
        return None  # the first address of a new account: it may be a health centre's
    if len(practices) >= policy.shared_ip_practices:
        return (
            policy.shared_ip,
            f"adresse réseau utilisée aujourd'hui par des comptes de {len(practices)} cabinets différents",
        )
    return None


def unusual_hour(event: AccessEvent, account: dict, peer: dict, policy: Policy) -> tuple | None:
    hour = event.local_hour
    profile, total = account["hour_profile"], sum(account["hour_profile"])
    if len(account["history"]) < 3 or total < 200:
        profile, total = peer["hour_profile"], sum(peer["hour_profile"])
    if total >= 200:
        around = profile[hour] + profile[(hour - 1) % 24] + profile[(hour + 1) % 24]
        unusual = around < policy.off_hours_share * total
    else:
        unusual = hour < 6
    if unusual:
        return (policy.off_hours, f"à une heure inhabituelle pour ce compte ({hour} h)")
    return None


def remember_hour(event: AccessEvent, account: dict) -> None:
    """Count today's activity by hour; it joins the habits when the day is filed.

    Learning at once would let an attacker make 3 a.m. usual within minutes.
    """
    account["today_hours"][event.local_hour] += 1


def file_hours(account: dict, peer: dict) -> None:
    """Add the finished day's hours to the account's and the practice's habits."""
    for profile in (account["hour_profile"], peer["hour_profile"]):
        for hour, count in enumerate(account["today_hours"]):
            profile[hour] += count
        if max(profile) > 50_000:  # keep the numbers small: halve all
            profile[:] = [count // 2 for count in profile]
    account["today_hours"] = [0] * 24


def sequential_ids(account: dict, new_opened: list[str], policy: Policy) -> tuple | None:
    """New records opened in id order (000812, 000813, ...): a systematic walk."""
    recent = account["recent_ids"]
    for patient in new_opened:
        number = trailing_number(patient)
        if number is not None:
            recent.append(number)
    del recent[: max(0, len(recent) - policy.sequential_run)]
    if len(recent) < policy.sequential_run:
        return None
    steps = [b - a for a, b in zip(recent, recent[1:])]
    if all(1 <= s <= 3 for s in steps) or all(-3 <= s <= -1 for s in steps):
        return (policy.sequential_ids, "dossiers ouverts dans l'ordre des numéros de patient")
    return None


def steady_opening(event: AccessEvent, account: dict, new_opened: int, policy: Policy) -> tuple | None:
    """New records opened in most 10-minute slots of the last 4 hours.

    A person goes through a batch (results, renewals) and stops; a tool that
    paces itself to look human keeps going, slot after slot. Counting slots,
    not records, leaves batches alone; an opening explained by an update (a
    consultation) leaves its slot. Against twice the account's own usual
    steadiness once it has a past, never above the fixed bar of its first days
    (``young_steady_slots``), when a slow tool in a locum's new account would
    otherwise go unnoticed. The engine weighs it on every window: the searches
    of an account that trickles through new records are part of the same walk.
    A young account's walk goes on over a night away (``night_idle_slots`` to
    a day without any request): a tool that reads from 17:00 until the office
    closes and goes on the next morning fills the slots of both ends, as it
    would have in one go. What the account learns (``steady_now``, filed with
    the day) and the bar of an account with a past stay within the last 4
    hours: a doctor's evening session and next morning are not one walk.
    """
    slot = int(event.epoch // windows.SLOT)
    # [slot counted, unexplained openings in it, slot opened in], oldest first;
    # the slot counted is brought forward over nights.
    slots = account["slots"]
    idle = slot - account.get("active_slot", slot)
    if policy.night_idle_slots < idle < _DAY // windows.SLOT:
        for entry in slots:
            entry[0] += idle - 1
    account["active_slot"] = slot
    if new_opened:
        if slots and slots[-1][0] == slot:
            slots[-1][1] += new_opened
        else:
            slots.append([slot, new_opened, slot])
    while slots and slots[0][0] <= slot - 24:
        slots.pop(0)
    within_4h = sum(1 for entry in slots if entry[1] > 0 and windows.opened_slot(entry) > slot - 24)
    account["steady_now"] = within_4h
    if len(account["history"]) < policy.mature_days:
        busy, needed = sum(1 for entry in slots if entry[1] > 0), policy.young_steady_slots
    else:
        twice_usual = 2 * account["own_peak"][-1]
        busy, needed = within_4h, min(max(policy.steady_slots, twice_usual), policy.young_steady_slots)
    if busy >= needed:
        return (policy.steady, f"nouveaux dossiers ouverts sans interruption ({busy} des 24 dernières "
                               "tranches de 10 minutes)")
    return None


def campaign(event: AccessEvent, campaign_doc: dict, new_address: bool, new_browser: bool,
             opened_in_10m: int, new_opened: int, policy: Policy) -> tuple | None:
    """Accounts of several practices opening new records from new devices within hours.

    An attacker holding many stolen accounts uses them from its own machines
    or through proxies: each account on its own looks like a doctor on a new
    computer, or at home. Taking part: an address new to the account, with a
    browser new to it too, or with new records opened at a pace
    (``opened_in_10m``, this request's included).
    """
    members = campaign_doc["members"]
    now = event.epoch
    for account_id in [a for a, (_, last) in members.items() if now - last > policy.campaign_window_s]:
        del members[account_id]
    if not (new_address and (new_browser or opened_in_10m >= policy.campaign_pace)):
        return None
    if new_opened:
        members[event.account] = [event.practice or "?", now]
        if len(members) > 50:
            del members[min(members, key=lambda a: members[a][1])]
    practices = {practice for practice, _ in members.values()}
    if len(practices) >= policy.campaign_practices and event.account in members:
        return (policy.campaign, f"des comptes de {len(practices)} cabinets ouvrent depuis quelques heures "
                                 "de nouveaux dossiers depuis des adresses réseau qu'ils n'utilisaient pas")
    return None


def broad_listing(event: AccessEvent, account: dict, new_listed: int, policy: Policy,
                  *, known_device: bool) -> tuple | None:
    """Searches or list pages that each reveal many new patients, one after another.

    Against the account's own habit once it has one (``busy_broad``), on its
    known address and browser (``known_device``): the agenda of every doctor
    listed each morning at the desk is the secretary's work, not a walk through
    the directory; from elsewhere, it is judged as anyone's (a stolen session
    used from the attacker's machine: search_enum medians 80 -> 68 on
    independent seed 4, 90 -> 75 on seed 7 live, for 1 more step-up over ten
    seeds, 24 more live). An account without such a habit typing a name in a
    search-as-you-type box gets a page per keystroke: pages at most
    ``bulk_burst_s`` apart, up to ``bulk_burst_pages`` of them, are one search.
    """
    bulk = account["bulk"]
    now = event.epoch
    while bulk and now - bulk[0] > 3600:
        bulk.pop(0)
    usual_10m, usual_1h = busy_broad(account, policy) if known_device else (0, 0)
    needed_10m = max(policy.bulk_in_10m, min(policy.bulk_in_10m_most, policy.bulk_habit_factor * usual_10m))
    needed_1h = max(policy.bulk_in_1h, min(policy.bulk_in_1h_most, policy.bulk_habit_factor * usual_1h))
    query = None if event.query is None else event.query.strip()
    short_query = query is not None and (len(query.strip(" *%?_")) <= 2 or any(c in query for c in "*%?"))
    precise_query = query is not None and not short_query
    # Many new patients in one page is broad, unless the search text was precise
    # (a name typed out can match many homonyms on a broad screen).
    if (new_listed >= policy.bulk_results and not precise_query) or (event.action == "search" and short_query):
        # Keystrokes are not merged for an account judged against its own habit:
        # its bar was learnt from every page (merged too, 6 pages, an enumeration of a
        # secretary's account reached 175 rather than 100).
        typing = (needed_10m == policy.bulk_in_10m and bool(bulk)
                  and now - account.get("bulk_last", 0.0) <= policy.bulk_burst_s)
        burst = account.get("bulk_burst", 0) + 1 if typing else 1
        account["bulk_burst"], account["bulk_last"] = burst, now
        if burst == 1 or burst > policy.bulk_burst_pages:
            bulk.append(now)
            del bulk[:-30]
    in_10m = sum(1 for t in bulk if now - t <= 600)
    account["broad_now"] = [in_10m, len(bulk)]
    if in_10m >= needed_10m or len(bulk) >= needed_1h:
        return (
            policy.broad_listing,
            f"recherches ou listes très larges à la suite ({len(bulk)} en une heure)",
        )
    return None


def listing_pace(event: AccessEvent, account: dict, policy: Policy) -> tuple | None:
    """Searches and list pages requested faster than a person types and reads.

    A secretary booking by phone types a name (a search per keystroke in some
    software) a few times in ten minutes; an enumeration sends hundreds, each
    returning few patients, so that the listed volume alone rises slowly.
    Compared with the account's own busiest ten minutes of its recent days; over
    5 minutes too, so that a tool is noticed before its 40th request.
    """
    if event.action not in ("search", "list"):
        return None
    recent = account.setdefault("pace", [])  # times of the last 10 minutes' searches and lists
    now = event.epoch
    recent.append(now)
    while now - recent[0] > 600:
        recent.pop(0)
    del recent[:-policy.listing_pace_cap]
    account["pace_now"] = len(recent)
    usual = busy_pace(account)
    if len(recent) >= max(policy.listing_pace_floor, policy.listing_pace_factor * usual):
        return (policy.listing_pace, f"{len(recent)} recherches ou listes en 10 minutes")
    in_5m = sum(1 for t in recent if now - t <= 300)
    if in_5m >= max(policy.listing_pace_5m_floor, policy.listing_pace_5m_factor * usual):
        return (policy.listing_pace, f"{in_5m} recherches ou listes en 5 minutes")
    return None


def sustained_lookups(event: AccessEvent, account: dict, policy: Policy) -> tuple | None:
    """Patients searched for and then opened, one after the other, for hours.

    Each such opening is a lookup (lookups.py): not a new patient, so neither
    the new-record windows nor steadiness see a reader that finds every
    patient by a search first. A person looks patients up when they call; a
    tool that works through a list of names keeps doing it all day.
    """
    taken = lookups.taken_within(account, event.epoch)
    if taken >= policy.sustained_lookups_4h:
        return (policy.sustained_lookups,
                f"patients cherchés puis ouverts l'un après l'autre ({taken} en 4 heures)")
    return None


def unwritten_reading(event: AccessEvent, account: dict, policy: Policy) -> tuple | None:
    """Records read within the hour since the account last wrote in one.

    Consultations and letters are written in; an attacker who keeps to the
    victim's own patients (or widens slowly from them) reads and never writes.
    Compared with the account's own busiest hour of such reading over its recent
    days (``busiest_unwritten``), so that a doctor who reviews a morning's results
    without writing, or software that logs no writes, is judged against itself;
    only once the account has filed enough such days (an account saved before
    this signal existed has none). A write is never refused for it. The engine
    weighs it on the 4- and 24-hour records windows.
    """
    minute = int(event.epoch // 60)
    since = max(minute - 60, int(account.get("last_write", 0.0) // 60))
    unwritten = windows.records_after(account, since)
    # Today's peak, filed with the day, holds allowed reads only (as the windows' peaks do).
    account["unwritten_now"] = unwritten - windows.records_after(account.get("refused") or {}, since)
    days = account.get("unwritten_days") or []
    if event.action == "update" or len(days) < policy.mature_days:
        return None
    usual = busiest_unwritten(account)
    if unwritten >= max(policy.unwritten_floor, policy.unwritten_factor * usual):
        habit = f"d'habitude au plus {usual}" if usual else "d'habitude aucun"
        return (policy.unwritten, f"{unwritten} dossiers lus en une heure sans aucune écriture ({habit})")
    return None


def busiest_unwritten(account: dict) -> int:
    """The most records the account read within an hour without writing, over its
    recent days. The busiest, not a busy day as for searches: a doctor's morning
    of results comes once a week or twice (with the 90th percentile, our busy
    variant's step-ups went 4 -> 7 and 5 -> 9). An attacker's allowed day that
    raises it only gives back the bounds the account had without this signal."""
    return max(account.get("unwritten_days") or [0])


def busy_broad(account: dict, policy: Policy) -> tuple[int, int]:
    """The account's busy ten minutes and busy hour of broad pages: the 90th
    percentile of its recent days' peaks, (0, 0) until it has filed enough days."""
    days = account.get("broad_days") or []
    if len(days) < policy.mature_days:
        return 0, 0
    rank = int(0.9 * (len(days) - 1))
    return sorted(day[0] for day in days)[rank], sorted(day[1] for day in days)[rank]


def busy_pace(account: dict) -> int:
    """The account's busy ten minutes of searching: the 90th percentile of its recent
    days' peaks (one odd day, an attack that went unnoticed, does not set it)."""
    days = sorted(account.get("pace_days") or [0])
    return days[int(0.9 * (len(days) - 1))]
