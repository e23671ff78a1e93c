import {
  ActionIcon,
  Alert,
  Autocomplete,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { randomId, useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconArchive, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../lib/errors';
import { centsToInput, parseDollarsToCents } from '../../lib/money';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { notifyError, notifySuccess } from '../../ui/notify';
import { useArchiveProduct, useProductCategories, useSaveProduct } from './billing.api';
import { type Product, type ProductInput, type ProductUnit, productUnits } from './billing.types';

interface LevelPrice {
  /** Identifies the row while its level is being typed. */
  key: string;
  level: string;
  price: string;
}

function formValues(product: Product | undefined, locale: string) {
  return {
    sku: product?.sku ?? '',
    name: product?.name ?? '',
    description: product?.description ?? '',
    category: product?.category ?? '',
    price: centsToInput(product?.price_cents, locale),
    currency: product?.currency ?? 'CAD',
    unit: (product?.unit ?? 'each') as ProductUnit,
    taxable: product?.taxable ?? true,
    prices: Object.entries(product?.prices ?? {}).map(
      ([level, cents]): LevelPrice => ({ key: randomId(), level, price: centsToInput(cents, locale) }),
    ),
  };
}

type Values = ReturnType<typeof formValues>;

const serverFields = [
  'sku',
  'name',
  'description',
  'category',
  'price',
  'currency',
  'unit',
  'taxable',
  'prices',
];

/** Create or edit a product in a modal; errors beside their field, prices typed in dollars. */
export function ProductFormModal({
  opened,
  product,
  canWrite,
  onClose,
}: {
  opened: boolean;
  /** The product to edit; none to create one. */
  product?: Product;
  canWrite: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const save = useSaveProduct(product?.id);
  const archive = useArchiveProduct();
  const categories = useProductCategories();
  const [alert, setAlert] = useState<string>();
  const [confirmArchive, setConfirmArchive] = useState(false);
  const readOnly = !canWrite || !!product?.archived_at;
  const amount = (value: string) => (parseDollarsToCents(value) === null ? t('catalog.errors.amount') : null);
  const form = useForm<Values>({
    initialValues: formValues(product, i18n.language),
    validate: {
      sku: (value) => (value.trim() ? null : t('auth.errors.required')),
      name: (value) => (value.trim() ? null : t('auth.errors.required')),
      price: amount,
      prices: {
        level: (value) => (value.trim() ? null : t('auth.errors.required')),
        price: amount,
      },
    },
  });

  const close = () => {
    setAlert(undefined);
    form.setValues(formValues(product, i18n.language));
    form.clearErrors();
    onClose();
  };

  /** The server names `price_cents` and `prices.<level>`: put each beside the input it came from. */
  const placeServerErrors = (error: unknown, values: Values) =>
    applyServerErrors(
      {
        setErrors: (errors) =>
          form.setErrors(
            Object.fromEntries(
              Object.entries(errors).map(([path, message]) => {
                if (path === 'price_cents') return ['price', message];
                const level = /^prices\.(.+)$/.exec(path)?.[1];
                const index = values.prices.findIndex((row) => row.level.trim() === level);
                return [index >= 0 ? `prices.${index}.price` : path, message];
              }),
            ),
          ),
      },
      error,
      [...serverFields, 'price_cents'],
      t,
    );

  const submit = form.onSubmit(async (values) => {
    setAlert(undefined);
    const input: ProductInput = {
      sku: values.sku.trim(),
      name: values.name.trim(),
      description: values.description.trim() || null,
      category: values.category.trim() || null,
      price_cents: parseDollarsToCents(values.price) ?? 0,
      currency: values.currency.trim() || 'CAD',
      unit: values.unit,
      taxable: values.taxable,
      prices: Object.fromEntries(
        values.prices.map((row) => [row.level.trim(), parseDollarsToCents(row.price) ?? 0]),
      ),
    };
    try {
      const saved = await save.mutateAsync(input);
      notifySuccess(product ? t('common.saved') : t('catalog.created', { name: saved.name }));
      close();
    } catch (error) {
      setAlert(placeServerErrors(error, values));
    }
  });

  const toggleArchive = async () => {
    if (!product) return;
    try {
      await archive.mutateAsync({ id: product.id, archive: !product.archived_at });
      notifySuccess(product.archived_at ? t('catalog.restored') : t('catalog.archived'));
      setConfirmArchive(false);
      close();
    } catch (error) {
      notifyError(error);
    }
  };

  const title = product ? (readOnly ? product.name : t('catalog.edit')) : t('catalog.new');
  return (
    <>
      <Modal opened={opened} onClose={close} title={title} size="lg" fullScreen={isPhone}>
        <form onSubmit={submit} noValidate data-testid="product-form">
          <Stack>
            {alert && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                {alert}
              </Alert>
            )}
            {product?.archived_at && (
              <Alert color="gray" icon={<IconArchive size={18} />}>
                {t('catalog.archivedNotice')}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput
                label={t('catalog.fields.sku')}
                required
                readOnly={readOnly}
                data-autofocus
                autoCapitalize="characters"
                {...form.getInputProps('sku')}
              />
              <Autocomplete
                label={t('catalog.fields.category')}
                readOnly={readOnly}
                data={(categories.data?.data ?? []).map((item) => item.category)}
                {...form.getInputProps('category')}
              />
            </SimpleGrid>
            <TextInput
              label={t('catalog.fields.name')}
              required
              readOnly={readOnly}
              {...form.getInputProps('name')}
            />
            <Textarea
              label={t('catalog.fields.description')}
              autosize
              minRows={2}
              maxRows={6}
              readOnly={readOnly}
              {...form.getInputProps('description')}
            />
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              <TextInput
                label={t('catalog.fields.price')}
                description={t('catalog.priceHelp')}
                required
                readOnly={readOnly}
                inputMode="decimal"
                rightSection={<Text size="sm">$</Text>}
                {...form.getInputProps('price')}
              />
              <Select
                label={t('catalog.fields.unit')}
                readOnly={readOnly}
                allowDeselect={false}
                data={productUnits.map((unit) => ({ value: unit, label: t(`catalog.units.${unit}`) }))}
                {...form.getInputProps('unit')}
              />
              <TextInput
                label={t('catalog.fields.currency')}
                readOnly={readOnly}
                maxLength={3}
                {...form.getInputProps('currency')}
              />
            </SimpleGrid>
            <Switch
              label={t('catalog.fields.taxable')}
              description={t('catalog.taxableHelp')}
              disabled={readOnly}
              {...form.getInputProps('taxable', { type: 'checkbox' })}
            />
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t('catalog.fields.prices')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('catalog.pricesHelp')}
              </Text>
              {form.values.prices.map((row, index) => (
                <Group key={row.key} gap="xs" align="flex-start" wrap="nowrap">
                  <TextInput
                    aria-label={t('catalog.fields.priceLevel')}
                    placeholder={t('catalog.priceLevelPlaceholder')}
                    readOnly={readOnly}
                    style={{ flex: 1 }}
                    {...form.getInputProps(`prices.${index}.level`)}
                  />
                  <TextInput
                    aria-label={t('catalog.fields.levelPrice')}
                    readOnly={readOnly}
                    inputMode="decimal"
                    rightSection={<Text size="sm">$</Text>}
                    style={{ flex: 1 }}
                    {...form.getInputProps(`prices.${index}.price`)}
                  />
                  {!readOnly && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mt={4}
                      aria-label={t('common.delete')}
                      onClick={() => form.removeListItem('prices', index)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Group>
              ))}
              {!readOnly && (
                <Button
                  variant="subtle"
                  size="xs"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => form.insertListItem('prices', { key: randomId(), level: '', price: '' })}
                  style={{ alignSelf: 'flex-start' }}
                >
                  {t('catalog.addPriceLevel')}
                </Button>
              )}
            </Stack>
            <Group justify="space-between">
              <div>
                {product && canWrite && (
                  <Button
                    variant="subtle"
                    color={product.archived_at ? 'teal' : 'red'}
                    leftSection={product.archived_at ? <IconRestore size={16} /> : <IconArchive size={16} />}
                    onClick={() => (product.archived_at ? void toggleArchive() : setConfirmArchive(true))}
                    loading={archive.isPending}
                    data-testid="archive-product"
                  >
                    {product.archived_at ? t('catalog.restore') : t('catalog.archive')}
                  </Button>
                )}
              </div>
              <Group gap="xs">
                <Button variant="default" onClick={close}>
                  {readOnly ? t('common.close') : t('common.cancel')}
                </Button>
                {!readOnly && (
                  <Button type="submit" loading={save.isPending} data-testid="save-product">
                    {t('common.save')}
                  </Button>
                )}
              </Group>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmModal
        opened={confirmArchive}
        title={t('catalog.archiveTitle')}
        message={t('catalog.archiveMessage', { name: product?.name ?? '' })}
        confirmLabel={t('catalog.archive')}
        loading={archive.isPending}
        onConfirm={() => void toggleArchive()}
        onClose={() => setConfirmArchive(false)}
      />
    </>
  );
}
