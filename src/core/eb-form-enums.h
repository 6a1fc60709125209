/* eb-form-enums.h — the closed choices on the application form
 *
 * The numeric values are persisted in drafts and sent to the portal by nick,
 * so append new values, never renumber.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum /*< prefix=EB_CARD_READER >*/
{
  EB_CARD_READER_MINI = 0, /*< nick=mini >*/
} EbCardReaderType;

typedef enum /*< prefix=EB_REASON >*/
{
  EB_REASON_NEW = 0,       /*< nick=new >*/
  EB_REASON_RENEWAL,       /*< nick=renewal >*/
  EB_REASON_LOST_STOLEN,   /*< nick=lost-stolen >*/
  EB_REASON_OTHER,         /*< nick=other >*/
} EbApplicationReason;

typedef enum /*< prefix=EB_OPERATOR >*/
{
  EB_OPERATOR_NONE = 0,     /*< nick=none >*/
  EB_OPERATOR_TURKCELL,     /*< nick=turkcell >*/
  EB_OPERATOR_VODAFONE,     /*< nick=vodafone >*/
  EB_OPERATOR_TURK_TELEKOM, /*< nick=turk-telekom >*/
} EbMobileOperator;

typedef enum /*< prefix=EB_INFO_CHANNEL >*/
{
  EB_INFO_CHANNEL_EMAIL = 0, /*< nick=email >*/
  EB_INFO_CHANNEL_SMS,       /*< nick=sms >*/
  EB_INFO_CHANNEL_BOTH,      /*< nick=both >*/
} EbInfoChannel;

/* Every input on the form, in the seed's order; used to address a field's
 * validation and its widget without string keys. */
typedef enum /*< prefix=EB_FIELD >*/
{
  EB_FIELD_CARD_READER_TYPE = 0,
  EB_FIELD_VALIDITY_YEARS,
  EB_FIELD_REASON,
  EB_FIELD_TCKN,
  EB_FIELD_FIRST_NAME,
  EB_FIELD_LAST_NAME,
  EB_FIELD_BIRTH_PLACE,
  EB_FIELD_BIRTH_DATE,
  EB_FIELD_SECURITY_WORD,
  EB_FIELD_SECURITY_WORD_REPEAT,
  EB_FIELD_INSTITUTION_NAME,
  EB_FIELD_REGISTRY_NO,
  EB_FIELD_UNIT,
  EB_FIELD_JOB_TITLE,
  EB_FIELD_DELIVERY_ADDRESS,
  EB_FIELD_PROVINCE,
  EB_FIELD_DISTRICT,
  EB_FIELD_POSTAL_CODE,
  EB_FIELD_EMAIL,
  EB_FIELD_WORK_PHONE,
  EB_FIELD_WORK_PHONE_EXTENSION,
  EB_FIELD_MOBILE_PHONE,
  EB_FIELD_MOBILE_OPERATOR,
  EB_FIELD_HOME_PHONE,
  EB_FIELD_INFO_CHANNEL,
  EB_N_FIELDS, /*< skip >*/
} EbFormField;

G_END_DECLS
