{#- Incremental processing of the event layers (decisions D701-D707). Each run loads the
    events files not loaded before, lists the events whose cleaned row changed
    (int_events_changed), the users whose sessions must be recomputed and from when
    (int_events_touched_users), and then deletes and re-inserts exactly those rows and
    the KPI periods they fall in. -#}

{#- `incremental` where the engine can delete rows, else `table`: Spark writes plain
    Parquet tables, which have no DELETE, so it rebuilds (decision D706). -#}
{% macro events_materialization() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}


{#- The relation of a model of this project as it is in the warehouse before this run
    builds it, or none when it has not been built. For reading a downstream model's
    previous state without a ref(), which would be a cycle. -#}
{% macro prior_relation(model_name) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.name == model_name -%}
        {{ return(adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias)) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("prior_relation: no model " ~ model_name) }}
{%- endmacro %}


{#- The columns an identified event carries from its clean event besides its ids
    (int_events_identified, and int_events_changed, which hands them on; D716). -#}
{% macro event_detail_columns() -%}
    {{ return([
        'event_name', 'occurred_at', 'occurred_date', 'page_path', 'referrer_host',
        'utm_medium', 'device_type', 'is_conversion_event',
    ]) }}
{%- endmacro %}


{#- Pre-hook of an incremental event model: deletes the rows this run recomputes, those
    of the model (as `{{ this.identifier }}`) that match `condition` against the
    relation `using` (aliased as `changed`). Nothing on a full build. A join, not a
    correlated `exists`: DuckDB deletes 10x faster so. -#}
{% macro delete_recomputed_rows(using, condition) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        using {{ using }} as changed
        where {{ condition }}
    {%- endif -%}
{%- endmacro %}


{#- Condition: the row of `relation` belongs to a user of int_events_touched_users
    (aliased `alias`) at or after the point the user's sessions are recomputed from.
    `time_column` is a timestamp column, or with `grain='date'` a date column compared
    with the first recomputed date. `date_column`, the row's reporting date (the
    `time_column` itself with `grain='date'`), is also compared with the earliest
    first_date of all touched users as a literal: redundant, but it lets the engine
    skip the row groups of older days, as the relation is written in date order
    (decision D712). -#}
{% macro touched_user_condition(
    alias, relation, time_column, grain='timestamp', date_column=none
) -%}
    {{ alias }}.user_key = {{ relation }}.user_key and
    {%- if grain == 'date' %} {{ relation }}.{{ time_column }} >= {{ alias }}.first_date
    {%- else %} ({{ alias }}.recompute_from is null
        or {{ relation }}.{{ time_column }} >= {{ alias }}.recompute_from)
    {%- endif %}
    {%- set bounded_column = time_column if grain == 'date' else date_column %}
    {%- set first_date = none %}
    {%- if bounded_column is not none %}
        {%- set first_date = touched_first_date() %}
    {%- endif %}
    {%- if first_date is not none %}
        and {{ relation }}.{{ bounded_column }} >= {{ date_literal(first_date) }}
    {%- endif %}
{%- endmacro %}


{#- The earliest first_date of int_events_touched_users, read before the query runs;
    none when not executing, before the model is built, or when no user is touched (the
    join with the touched users then keeps nothing anyway). Every row a run recomputes
    or deletes lies on or after it: a user's first_date is the date of the session the
    recompute starts from, or the earliest of the user's first session and first
    change (decision D712). -#}
{% macro touched_first_date() -%}
    {{ return(touched_users_aggregate('min(first_date)')
        if is_incremental() else none) }}
{%- endmacro %}


{#- One aggregate `expression` over int_events_touched_users, read before the query
    runs; none when not executing or before the model is built. -#}
{% macro touched_users_aggregate(expression) -%}
    {%- set touched = load_relation(ref('int_events_touched_users'))
        if execute else none -%}
    {%- if touched is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(run_query(
        'select ' ~ expression ~ ' from ' ~ touched
    ).columns[0].values()[0]) }}
{%- endmacro %}


{#- The load this run processes, as a SQL literal (`null` before any load, when not
    executing, and before int_events_touched_users is built). int_events_sessionized
    marks the rows it rewrites with it (recomputed_in_load), so a filter on this
    literal reads those rows alone, the engine skipping the rest of the table by its
    row-group statistics. A query at compile time: a value read from a table in the
    same query would not be used to skip. -#}
{% macro recomputed_load_literal() -%}
    {%- set load_sequence = touched_users_aggregate('max(load_sequence)') -%}
    {{ return('null' if load_sequence is none else load_sequence | int | string) }}
{%- endmacro %}


{#- Pre-hook: deletes the model's rows of the touched users from their recompute point
    (touched_user_condition). -#}
{% macro delete_touched_users_rows(time_column, grain='timestamp', date_column=none) -%}
    {{ delete_recomputed_rows(
        ref('int_events_touched_users'),
        touched_user_condition(
            'changed', this.identifier, time_column, grain, date_column)) }}
{%- endmacro %}


{#- The days whose facts may have changed in this run, and the `extra_days` after each
    (for trailing windows), within the date spine: from int_events_changed_days, or
    with `activity_only` from int_events_changed_activity_days (who was active). -#}
{% macro changed_days(extra_days=0, activity_only=false) -%}
    select distinct days.date_day
    from {{ ref('all_days') }} as days
    inner join {{ ref('int_events_changed_' ~ ('activity_' if activity_only) ~ 'days') }}
        as changed
        on
            days.date_day >= changed.date_day
            and days.date_day
            <= cast({{ dbt.dateadd('day', extra_days, 'changed.date_day') }} as date)
{%- endmacro %}


{#- The KPI periods (grain and start) an incremental mart recomputes: those containing a
    changed day, those whose completeness changed since the last run, and those outside
    the range of periods the mart held (new periods at either end). With
    `trailing_days`, also the days up to that many days after a changed day (for day
    rows that carry trailing windows). -#}
{% macro changed_periods(trailing_days=0) -%}
    select
        periods.period_grain,
        periods.period_start,
        periods.period_end
    from {{ ref('all_periods') }} as periods
    where
        exists (
            select 1
            from ({{ changed_days() }}) as changed
            where
                changed.date_day >= periods.period_start
                and changed.date_day <= periods.period_end
        )
        {%- if trailing_days %}
        or (
            periods.period_grain = 'day'
            and periods.period_start in (
                {{ changed_days(trailing_days, activity_only=true) }}
            )
        )
        {%- endif %}
        or exists (
            select 1
            from {{ this }} as previous
            where
                previous.period_grain = periods.period_grain
                and previous.period_start = periods.period_start
                and previous.is_complete_period <> periods.is_complete_period
        )
        or not exists (
            select 1
            from {{ this }} as previous
            where
                previous.period_grain = periods.period_grain
                and previous.period_start = periods.period_start
                and previous.breakdown = 'overall'
        )
{%- endmacro %}


{#- The customer each device (anonymous_id) belongs to: that of its latest identified
    event (SPEC §2 identity, decision D13), with that event's id and time. `events` is a
    relation or CTE of non-bot events. -#}
{% macro latest_device_owners(events) -%}
    select
        anonymous_id,
        customer_id,
        event_id as owner_event_id,
        occurred_at as owner_occurred_at
    from (
        select
            anonymous_id,
            customer_id,
            event_id,
            occurred_at,
            row_number() over (
                partition by anonymous_id
                order by occurred_at desc, event_id desc
            ) as recency_rank
        from {{ events }} as device_events
        where
            anonymous_id is not null
            and customer_id is not null
    ) as identified_devices
    where recency_rank = 1
{%- endmacro %}


{#- CTEs (to place in a WITH list) ending in `updated_device_owners`: the owner of each
    device an incremental run updates (decision D711), from the owners the last run left
    (`prior`, int_device_owners) and the changed events (`changed_event_ids`, and
    `changed_events`: those with a non-bot row now, with event_id, anonymous_id,
    customer_id and occurred_at as kept now). The devices updated are those of the
    changed events and those whose owning event is one of them and changed (customer,
    device or time) or is a bot now. A device's owner is the latest of its owner before
    and its changed identified events; for a changed owning event, the latest of all the
    device's identified events in `events`, read again. customer_id is NULL for a device
    without an owner now; previous_customer_id is the owner before. -#}
{% macro updated_device_owners_ctes(
    events, changed_event_ids, changed_events, prior
) -%}
    replaced_owners as (

        select owned_before.anonymous_id
        from {{ prior }} as owned_before
        inner join {{ changed_event_ids }} as changed_ids
            on owned_before.owner_event_id = changed_ids.event_id
        left join {{ changed_events }} as kept
            on
                owned_before.owner_event_id = kept.event_id
                and owned_before.anonymous_id = kept.anonymous_id
                and owned_before.customer_id = kept.customer_id
                and owned_before.owner_occurred_at = kept.occurred_at
        where kept.event_id is null

    ),

    updated_devices as (

        select anonymous_id
        from {{ changed_events }}
        where anonymous_id is not null

        union

        select anonymous_id from replaced_owners

    ),

    owner_candidates as (

        select
            owned_before.anonymous_id,
            owned_before.customer_id,
            owned_before.owner_event_id as event_id,
            owned_before.owner_occurred_at as occurred_at
        from {{ prior }} as owned_before
        inner join updated_devices
            on owned_before.anonymous_id = updated_devices.anonymous_id
        where
            owned_before.anonymous_id not in (
                select replaced_owners.anonymous_id from replaced_owners
            )

        union all

        select
            anonymous_id,
            customer_id,
            event_id,
            occurred_at
        from {{ changed_events }}

        union all

        select
            events.anonymous_id,
            events.customer_id,
            events.event_id,
            events.occurred_at
        from {{ events }} as events
        inner join replaced_owners
            on events.anonymous_id = replaced_owners.anonymous_id

    ),

    updated_device_owners as (

        select
            updated_devices.anonymous_id,
            owners.customer_id,
            owners.owner_event_id,
            owners.owner_occurred_at,
            owned_before.customer_id as previous_customer_id
        from updated_devices
        left join (
            {{ latest_device_owners('owner_candidates') | indent(12) }}
        ) as owners
            on updated_devices.anonymous_id = owners.anonymous_id
        left join {{ prior }} as owned_before
            on updated_devices.anonymous_id = owned_before.anonymous_id

    )
{%- endmacro %}


{#- The body of an incremental web mart's `recomputed_periods` CTE: every period on a
    full build, the periods changed_periods lists on an incremental run. -#}
{% macro kpi_recomputed_periods(trailing_days=0) -%}
    {%- if is_incremental() -%}
        {{ changed_periods(trailing_days) }}
    {%- else -%}
        select
            period_grain,
            period_start,
            period_end
        from {{ ref('all_periods') }}
    {%- endif -%}
{%- endmacro %}


{#- The first day of the periods an incremental web mart recomputes that can hold
    facts, as a date literal read before the query runs (NULL at parse time). A
    recomputed period that ends before the mart's first period of its grain holds facts
    only if it holds a changed day: the mart covered every period of the facts (decision
    D709). -#}
{% macro first_recomputed_day(trailing_days=0) -%}
    {%- if not execute -%}
        {{ return(date_literal(none)) }}
    {%- endif -%}
    {%- set first_day = run_query(
        'select min(recomputed.period_start) from (' ~ changed_periods(trailing_days)
        ~ ') as recomputed where recomputed.period_end >= ('
        ~ 'select min(previous.period_start) from ' ~ this ~ ' as previous'
        ~ ' where previous.period_grain = recomputed.period_grain)'
        ~ ' or exists (select 1 from (' ~ changed_days() ~ ') as changed'
        ~ ' where changed.date_day >= recomputed.period_start'
        ~ ' and changed.date_day <= recomputed.period_end)'
    ).columns[0].values()[0] -%}
    {{ return(date_literal(first_day)) }}
{%- endmacro %}


{#- The facts of an incremental web mart: all of `relation`, or on an incremental run
    the rows of the days of the periods in `periods` (a kpi_recomputed_periods CTE with
    the same `trailing_days`). Those days are also bounded by first_recomputed_day, a
    literal, so the engine skips the row groups of older facts (DuckDB by their
    statistics; the fact tables are written in date order, decision D709). Pass the
    relation itself, not an import CTE: DuckDB materialises a CTE read twice (here by
    kpi_facts and kpi_data_range) with every row and column. -#}
{% macro kpi_facts(relation, date_column, periods, trailing_days=0) -%}
    select * from {{ relation }}
    {%- if is_incremental() %}
        where
            {{ date_column }} >= {{ first_recomputed_day(trailing_days) }}
            and {{ date_column }} in (
                select days.date_day
                from {{ ref('all_days') }} as days
                inner join {{ periods }} as recomputed
                    on
                        days.date_day >= recomputed.period_start
                        and days.date_day <= recomputed.period_end
            )
    {%- endif %}
{%- endmacro %}


{#- Pre-hook of an incremental web mart: deletes the periods it recomputes. -#}
{% macro delete_changed_periods(trailing_days=0) -%}
    {{ delete_recomputed_rows(
        '(' ~ changed_periods(trailing_days) ~ ')',
        'changed.period_grain = ' ~ this.identifier ~ '.period_grain and '
        ~ 'changed.period_start = ' ~ this.identifier ~ '.period_start') }}
{%- endmacro %}


{#- The rows of an incremental web mart's final CTE `kpi` to insert: all of them, or on
    an incremental run those of the periods in `periods`. -#}
{% macro kpi_changed_rows(kpi, periods) -%}
    select {{ kpi }}.* from {{ kpi }}
    {%- if is_incremental() %}
        inner join {{ periods }} as recomputed
            on
                {{ kpi }}.period_grain = recomputed.period_grain
                and {{ kpi }}.period_start = recomputed.period_start
    {%- endif %}
{%- endmacro %}


{#- Stops the run when `relation`, a table an earlier run built, lacks `column`: the
    warehouse was built by an earlier version of the project. The message names the
    full refresh that rebuilds it (`rebuild`, a dbt selection) and the decision. -#}
{% macro require_column(relation, column, rebuild, decision) -%}
    {%- if column not in adapter.get_columns_in_relation(relation)
        | map(attribute='name') | map('lower') | list -%}
        {{ exceptions.raise_compiler_error(
            relation ~ " has no column " ~ column ~ ": it was built by an earlier "
            ~ "version of the project. Rebuild it once with `dbt run --full-refresh "
            ~ "--select " ~ rebuild ~ "` (docs/decisions.md " ~ decision ~ ").") }}
    {%- endif -%}
{%- endmacro %}


{#- Hooks of a model that looks rows up by a few keys it finds as it runs (decision
    D717): the pre-hook (`reset=false`) and the post-hook (`reset=true`) around it, on
    its connection. On DuckDB, a hash join whose build side has at most
    dynamic_or_filter_threshold rows hands their keys to the scan on its other side,
    which then skips every row group whose statistics hold none of them; above it,
    only their minimum and maximum (the default, 50, is below a day's re-identified
    devices). Nothing on other engines. -#}
{% macro key_lookup_settings(reset=false) -%}
    {{ return(adapter.dispatch('key_lookup_settings', 'customer_engagement')(reset)) }}
{%- endmacro %}


{% macro default__key_lookup_settings(reset) -%}
{%- endmacro %}


{% macro duckdb__key_lookup_settings(reset) -%}
    {{ 'reset dynamic_or_filter_threshold' if reset
        else 'set dynamic_or_filter_threshold = 1000' }}
{%- endmacro %}


{#- A where-clause condition on the table `relation`, read in the same from clause as
    `alias` (none: unaliased): its rows whose `column` is in `keys`, a subquery. On
    DuckDB the rows are picked by row id first, so only the row groups holding a match
    are read in full: a plain `in` or join reads every column of every row (55k of
    100M staged events, all columns: 2.3 s cold, 0.7 s by row id). -#}
{% macro rows_with_keys(relation, column, keys, alias=none) -%}
    {{ return(adapter.dispatch('rows_with_keys', 'customer_engagement')(
        relation, column, keys, alias)) }}
{%- endmacro %}


{% macro default__rows_with_keys(relation, column, keys, alias) -%}
    {{ alias ~ '.' if alias }}{{ column }} in ({{ keys }})
{%- endmacro %}


{% macro duckdb__rows_with_keys(relation, column, keys, alias) -%}
    {{ alias ~ '.' if alias }}rowid in (
        select rowid from {{ relation }} where {{ column }} in ({{ keys }})
    )
{%- endmacro %}
