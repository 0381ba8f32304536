/*
 * aggregate.h - every figure the outputs show, computed once.
 *
 * Second stage of the pipeline: reads a validated dataset, never changes
 * it, and produces counts and exact totals by company, by category, by
 * company x category, by meeting, by status and by due month.  The PDF
 * briefing and the CSV summaries both read this structure, so they cannot
 * disagree.  Orders are fixed and documented:
 *   companies  pledge count descending, then total KRW descending, then
 *              name in Unicode code point order;
 *   categories vocabulary order;
 *   meetings   date ascending, then id;
 *   pledges    (for listings) company order as above, then meeting date,
 *              then id.
 * Totals are exact 64-bit sums; a sum that would overflow is an error.
 *
 * With a period, the figures cover the meetings held in it and the pledges
 * made there; pledges of earlier meetings whose due date falls in the period,
 * or which are overdue at its end, are listed apart in 'carried'.  With a
 * list of companies, only their pledges count.
 */
#ifndef RG_AGGREGATE_H
#define RG_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"

struct diag_list;

/* The figures kept for any group of pledges. */
struct agg_cell {
    size_t pledges;
    size_t with_amount;
    int64_t total_krw;     /* sum of the amounts present */
    size_t with_due;
    size_t due_in_period;  /* due date inside [period_from, period_to] */
    size_t due_soon;       /* due within 30 days after as_of, not overdue, not done */
    size_t overdue;        /* due before as_of and status neither done nor reported */
    size_t done;           /* status done or reported */
};

struct agg_company {
    const char *name;          /* borrowed from the dataset */
    struct agg_cell all;
    struct agg_cell *by_category; /* n_categories cells, vocabulary order */
    size_t n_meetings;         /* meetings at which the company pledged */
};

struct agg_meeting {
    size_t meeting;            /* index into dataset.meetings */
    size_t companies;          /* distinct companies that pledged there */
    struct agg_cell all;
};

struct agg_due_month {
    int year, month;           /* 0, 0 = no due date */
    struct agg_cell all;
};

struct aggregate_options {
    struct date as_of;         /* report date */
    int has_period;            /* restrict to meetings held in the period */
    struct date period_from, period_to; /* inclusive */
    const char *period_label;  /* "2024-11" or "2024-11-01~2024-11-30"; NULL without a period */
    const char *const *companies; /* restrict to these companies; NULL = all */
    size_t n_companies;
};

struct aggregate {
    const struct dataset *ds;  /* borrowed; must outlive the aggregate */
    struct aggregate_options opt;
    struct agg_cell total;
    size_t n_categories;
    struct agg_cell *by_category;
    struct agg_company *companies;
    size_t n_companies;
    struct agg_meeting *meetings;
    size_t n_meetings;
    struct agg_cell by_status[STATUS_COUNT];
    struct agg_due_month *due_months;  /* ascending; the no-due bucket last */
    size_t n_due_months;
    size_t n_pledges;          /* pledges selected (made at the period's meetings, by the
                                  chosen companies); equals total.pledges */
    size_t *pledge_order;      /* n_pledges indices into dataset.pledges */
    size_t *pledge_company;    /* per dataset pledge: index into companies (selected only) */
    size_t *carried;           /* pledges of earlier meetings due in the period or overdue at
                                  its end, by due date, company, id (a period only) */
    size_t n_carried;
    struct date first_meeting, last_meeting; /* zero when there are no meetings */
};

/*
 * Compute the aggregate of a dataset that passed dataset_validate.
 * Returns 0, or -1 after reporting to 'diags' when a total overflows.
 * Release with aggregate_release in both cases.
 */
int aggregate_build(struct aggregate *agg, const struct dataset *ds,
                    const struct aggregate_options *opt, struct diag_list *diags)
    __attribute__((warn_unused_result));
void aggregate_release(struct aggregate *agg);

/* Index of company 'name' in agg->companies, or -1. */
long aggregate_company_index(const struct aggregate *agg, const char *name);

/* Stable text form of every figure, for `reportgen dump --aggregate`. */
struct strbuf;
void aggregate_dump(const struct aggregate *agg, struct strbuf *out);

#endif /* RG_AGGREGATE_H */
