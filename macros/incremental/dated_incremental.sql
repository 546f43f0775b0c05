{#- Incremental processing by date (decision D715): the customer chain
    (int_customer_activity_days, int_customer_active_at_days,
    int_customer_periods_classified), the churn and retention marts and
    kpi_organic_clicks recompute their rows from one date on, the recompute date, and
    keep the rows before it. -#}

{#- The recompute date of this run, read before the query runs: the earliest of the
    as-of date of the last run (sources_load_state) and this run's (a move of the as-of
    date changes the check day and the completeness of the running period, and which
    periods exist) and, with `event_days`, the days whose activity the event models
    changed (int_events_changed_activity_days). none, recompute every row: on a full
    build, before sources_load_state exists, and when one of `compared`, columns of
    sources_load_state (the version of a source the model reads, a var), differs from
    the last run's or is unknown (engines without source_version, D713). -#}
{% macro recompute_from(compared, event_days=false) -%}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set state = prior_relation('sources_load_state') -%}
    {%- if state is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        select
            case
                when
                    {% for column in compared -%}
                        last_run.{{ column }} = this_run.{{ column }}
                        {{- ' and' if not loop.last }}
                    {% endfor -%}
                    then least(
                        last_run.as_of_date,
                        this_run.as_of_date
                        {%- if event_days %},
                        (
                            select min(changed.date_day)
                            from {{ ref('int_events_changed_activity_days') }}
                                as changed
                        )
                        {%- endif %}
                    )
            end as recompute_from
        from {{ state }} as last_run
        cross join ({{ sources_load_state() }}) as this_run
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0]) }}
{%- endmacro %}


{#- The select of the one row sources_load_state keeps: what recompute_from compares
    between two runs. -#}
{% macro sources_load_state() -%}
    select
        as_of.as_of_date,
        {%- for source, model in [
            ('orders', 'stg_shop__orders_validated'),
            ('customers', 'stg_crm__customers_validated'),
            ('search_console', 'stg_marketing__search_console_validated'),
        ] %}
        (
            select min(staged.source_version) from {{ ref(model) }} as staged
        ) as {{ source }}_version,
        {%- endfor %}
        {{ var('churn_inactivity_days') | int }} as churn_inactivity_days
    from {{ ref('as_of_date') }} as as_of
{%- endmacro %}


{#- Condition: the row's `date_column` is on or after the recompute date `from_date`
    (recompute_from; none: every row). With `grain_column`, the row is a period's
    (day, week or month; `date_column` its start), and the condition holds for the
    periods that end on or after the recompute date. -#}
{% macro rows_from(from_date, date_column, grain_column=none) -%}
    {%- if from_date is none -%}
        1 = 1
    {%- elif grain_column is none -%}
        {{ date_column }} >= {{ date_literal(from_date) }}
    {%- else -%}
        {{ date_column }} >= case {{ grain_column }}
            {%- for grain in ['day', 'week', 'month'] %}
            when '{{ grain }}' then {{ period_start(grain, date_literal(from_date)) }}
            {%- endfor %}
        end
    {%- endif -%}
{%- endmacro %}


{#- The config of a model incremental by date, passed as `config(**...)`: appended to
    after a pre-hook that deletes its rows from the recompute date on (rows_from with
    recompute_from; every row when there is none; nothing on a full build). The
    arguments are those of recompute_from and rows_from. -#}
{% macro recompute_from_config(compared, date_column, grain_column=none, event_days=false) -%}
    {{ return({
        'materialized': events_materialization(),
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
        'pre_hook': "{{ delete_rows_from("
            ~ compared ~ ", '" ~ date_column ~ "', "
            ~ ("'" ~ grain_column ~ "'" if grain_column else 'none') ~ ", "
            ~ event_days ~ ") }}",
    }) }}
{%- endmacro %}


{#- Pre-hook of recompute_from_config. -#}
{% macro delete_rows_from(compared, date_column, grain_column, event_days) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ rows_from(
            recompute_from(compared, event_days), date_column, grain_column) }}
    {%- endif -%}
{%- endmacro %}


{#- What the customer chain reads besides the events: the columns of
    sources_load_state its recompute_from compares. -#}
{% macro customer_chain_inputs() -%}
    {{ return(['orders_version', 'customers_version', 'churn_inactivity_days']) }}
{%- endmacro %}


{#- The first day of the earliest period (week or month) that ends on or after the
    recompute date `from_date`: SQL over literals, which the engine folds into one. -#}
{% macro first_recomputed_period_day(from_date) -%}
    least(
        {{ period_start('week', date_literal(from_date)) }},
        {{ period_start('month', date_literal(from_date)) }}
    )
{%- endmacro %}


{#- The body of a mart's `recomputed_periods` CTE when the mart is incremental by date:
    the periods (every grain) ending on or after the recompute date `from_date`, every
    period when it is none. -#}
{% macro periods_from(from_date) -%}
    select
        period_grain,
        period_start
    from {{ ref('all_periods') }}
    where {{ rows_from(from_date, 'period_end') }}
{%- endmacro %}
