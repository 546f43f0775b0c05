{#- One row: what the models incremental by date were last built from (decision D715):
    the as-of date, the versions of the orders, customers and Search Console (D713)
    and churn_inactivity_days. Built after those models and the marts that read them,
    so a run that fails before they finish leaves the previous row, and the next run
    recomputes from that run's as-of date again. -#}

-- depends_on: {{ ref('int_customer_periods_classified') }}
-- depends_on: {{ ref('kpi_churn_rate') }}
-- depends_on: {{ ref('kpi_customer_retention_rate') }}
-- depends_on: {{ ref('kpi_organic_clicks') }}

{{ sources_load_state() }}
