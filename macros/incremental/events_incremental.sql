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


{#- Pre-hook of an incremental event model: deletes the rows this run recomputes, those
    matching `condition` (SQL on the model's own columns, unqualified). Nothing on a full
    build. -#}
{% macro delete_recomputed_rows(condition) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ condition }}
    {%- endif -%}
{%- endmacro %}


{#- Condition: the row belongs to a touched user at or after the point its sessions are
    recomputed from. `time_column` is a timestamp or date column of the row; with
    `grain='date'` it is compared with the first recomputed date. Qualify both columns
    (`relation` is prefixed to them): the condition is a correlated subquery. -#}
{% macro is_recomputed_for_user(relation, user_column, time_column, grain='timestamp') -%}
    {%- set user_column = relation ~ '.' ~ user_column -%}
    {%- set time_column = relation ~ '.' ~ time_column -%}
    exists (
        select 1
        from {{ ref('int_events_touched_users') }} as touched
        where
            touched.user_key = {{ user_column }}
            and
            {%- if grain == 'date' %}
                {{ time_column }} >= touched.first_date
            {%- else %}
                (
                    touched.recompute_from is null
                    or {{ time_column }} >= touched.recompute_from
                )
            {%- endif %}
    )
{%- endmacro %}


{#- The days whose facts may have changed in this run (int_events_changed_days), and
    the `extra_days` after each (for trailing windows), within the date spine. -#}
{% macro changed_days(extra_days=0) -%}
    select distinct days.date_day
    from {{ ref('all_days') }} as days
    inner join {{ ref('int_events_changed_days') }} as changed
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
            and periods.period_start in ({{ changed_days(trailing_days) }})
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
    event (SPEC §2 identity, decision D13). `events` is a relation or CTE of non-bot
    events; `devices` optionally a subquery of the anonymous_ids to resolve. -#}
{% macro latest_device_owners(events, devices=none) -%}
    select
        anonymous_id,
        customer_id
    from (
        select
            anonymous_id,
            customer_id,
            row_number() over (
                partition by anonymous_id
                order by occurred_at desc, event_id desc
            ) as recency_rank
        from {{ events }}
        where
            anonymous_id is not null
            and customer_id is not null
            {%- if devices is not none %}
                and anonymous_id in ({{ devices }})
            {%- endif %}
    ) as identified_devices
    where recency_rank = 1
{%- endmacro %}


{#- Every day of the periods an incremental mart recomputes: its facts are read for
    these days only. -#}
{% macro changed_period_days(trailing_days=0) -%}
    select distinct days.date_day
    from {{ ref('all_days') }} as days
    inner join ({{ changed_periods(trailing_days) }}) as changed
        on
            days.date_day >= changed.period_start
            and days.date_day <= changed.period_end
{%- endmacro %}


{#- The facts of an incremental web mart: all of `relation`, or on an incremental run
    the rows of the days it recomputes. -#}
{% macro kpi_facts(relation, date_column, trailing_days=0) -%}
    select * from {{ relation }}
    {%- if is_incremental() %}
        where {{ date_column }} in ({{ changed_period_days(trailing_days) }})
    {%- endif %}
{%- endmacro %}


{#- Condition: the row of an incremental web mart belongs to a period it recomputes. -#}
{% macro is_in_changed_periods(relation, trailing_days=0) -%}
    exists (
        select 1
        from ({{ changed_periods(trailing_days) }}) as changed
        where
            changed.period_grain = {{ relation }}.period_grain
            and changed.period_start = {{ relation }}.period_start
    )
{%- endmacro %}


{#- The rows of an incremental web mart's final CTE `kpi` to insert: all of them, or on
    an incremental run those of the periods it recomputes. -#}
{% macro kpi_changed_rows(kpi, trailing_days=0) -%}
    select * from {{ kpi }}
    {%- if is_incremental() %}
        where {{ is_in_changed_periods(kpi, trailing_days) }}
    {%- endif %}
{%- endmacro %}
